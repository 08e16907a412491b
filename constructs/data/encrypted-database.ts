import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeRules } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { SecureLogGroup } from '../logging/secure-log-group';
import { restrictSecretToAccount } from './secret-perimeter';

/**
 * The pinned engine version: Aurora PostgreSQL 17, the newest major version this aws-cdk-lib knows.
 * Minor upgrades within 17 are applied automatically in the maintenance window; a major upgrade is a
 * deliberate change of this constant.
 */
export const AURORA_POSTGRES_VERSION = rds.AuroraPostgresEngineVersion.VER_17_9;

/** PostgreSQL's default port. */
export const POSTGRES_DEFAULT_PORT = 5432;

/**
 * Cluster parameters that enforce TLS and produce the audit trail. pgaudit session logging records
 * DDL and role/privilege changes; log_statement 'ddl' keeps DDL in the log even if pgaudit is removed.
 */
export const SECURE_CLUSTER_PARAMETERS: Readonly<Record<string, string>> = {
  'rds.force_ssl': '1',
  ssl_min_protocol_version: 'TLSv1.2',
  log_connections: '1',
  log_disconnections: '1',
  log_statement: 'ddl',
  shared_preload_libraries: 'pg_stat_statements,pgaudit',
  'pgaudit.log': 'ddl,role',
  'pgaudit.log_catalog': '0',
};

export interface EncryptedDatabaseProps {
  /** Cluster identifier (lowercase letters, digits, hyphens); also names the log group. Never change it. */
  readonly clusterIdentifier: string;
  /** Instance class of the writer (and reader), e.g. `t4g.medium`. */
  readonly instanceType: ec2.InstanceType;
  /**
   * Add a reader instance in a second availability zone (failover target).
   * @default false
   */
  readonly reader?: boolean;
  /**
   * Database port.
   * @default 5432
   */
  readonly port?: number;
  readonly vpc: ec2.IVpc;
  /** Subnets of the database (the isolated data tier, at least two zones). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The data-tier security group: its ingress rules decide who reaches the database port. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Key for storage, snapshots and Performance Insights (the data data-class key). */
  readonly storageKey: kms.IKey;
  /** Key of the master-credentials secret (the secrets data-class key). */
  readonly secretsKey: kms.IKey;
  /** Key of the exported PostgreSQL log group (the logs data-class key). */
  readonly logKey: kms.IKey;
  /** Retention of the exported PostgreSQL (connection, DDL, pgaudit) logs, in days. */
  readonly logRetentionDays: number;
  /** Automated backups (point-in-time recovery window), 1-35 days. */
  readonly backupRetentionDays: number;
  /** Days between rotations of the master credentials (1-365). */
  readonly credentialRotationDays: number;
  /** Subnets of the hosted rotation function (private subnets that reach the Secrets Manager endpoint). */
  readonly rotationSubnets: ec2.SubnetSelection;
  /**
   * Security group of the hosted rotation function: it must reach the database port (admitted by
   * `securityGroup`) and HTTPS to the Secrets Manager interface endpoint.
   */
  readonly rotationSecurityGroup: ec2.ISecurityGroup;
  /**
   * Name of the master-credentials secret.
   * @default - `<clusterIdentifier>/master`
   */
  readonly secretName?: string;
  /**
   * Master user name.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
}

/**
 * Aurora PostgreSQL with the baseline's data-protection settings, none of which the CDK defaults give
 * all at once: storage, snapshots and Performance Insights encrypted with a customer-managed key; IAM
 * database authentication; TLS forced by the cluster parameter group (`rds.force_ssl`, TLS 1.2+);
 * connection, disconnection, DDL and pgaudit logging exported to a KMS-encrypted log group with
 * retention; enhanced monitoring; deletion protection, SNAPSHOT on stack deletion, backups with
 * configurable retention and tags copied to snapshots; no public access. The generated master
 * credentials live in Secrets Manager (own KMS key, account-only resource policy, retained) and are
 * rotated on a schedule by the AWS-hosted rotation function running in the given subnets.
 */
export class EncryptedDatabase extends Construct {
  public readonly cluster: rds.DatabaseCluster;
  /** Master credentials (username, password, host, port) in Secrets Manager. */
  public readonly secret: secretsmanager.ISecret;
  public readonly rotationSchedule: secretsmanager.RotationSchedule;
  public readonly parameterGroup: rds.ParameterGroup;
  public readonly subnetGroup: rds.ISubnetGroup;
  public readonly logGroup: logs.LogGroup;
  public readonly port: number;

  constructor(scope: Construct, id: string, props: EncryptedDatabaseProps) {
    super(scope, id);
    this.port = props.port ?? POSTGRES_DEFAULT_PORT;
    this.validate(props);

    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: AURORA_POSTGRES_VERSION });
    this.parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
      engine,
      description: `${props.clusterIdentifier}: TLS 1.2+ only, connection/DDL/pgaudit logging`,
      parameters: { ...SECURE_CLUSTER_PARAMETERS },
    });

    // Created before the cluster so RDS writes into an encrypted group with retention instead of
    // creating an unencrypted one that never expires.
    this.logGroup = new SecureLogGroup(this, 'PostgresqlLogGroup', {
      logGroupName: `/aws/rds/cluster/${props.clusterIdentifier}/postgresql`,
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;

    const monitoringRole = new ManagedPolicyRole(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      description: `Enhanced monitoring of ${props.clusterIdentifier}`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole'),
      ],
    });
    acknowledgeRule(
      monitoringRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy RDS documents for enhanced monitoring; it only lets the RDS monitoring service write OS metrics to the RDSOSMetrics log group',
    );

    const instance = (zone: string | undefined): rds.ProvisionedClusterInstanceProps => ({
      instanceType: props.instanceType,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.storageKey,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      availabilityZone: zone,
    });
    // With a reader, writer and reader go to the zones of the first two database subnets, so a zone
    // outage never takes both.
    const zones = props.reader ? this.subnetZones(props.vpc.selectSubnets(props.vpcSubnets).subnets) : [];

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: props.clusterIdentifier,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'dbadmin', {
        secretName: props.secretName ?? `${props.clusterIdentifier}/master`,
        encryptionKey: props.secretsKey,
      }),
      writer: rds.ClusterInstance.provisioned('Writer', instance(props.reader ? zones[0] : undefined)),
      readers: props.reader ? [rds.ClusterInstance.provisioned('Reader', instance(zones[1]))] : [],
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [props.securityGroup],
      port: this.port,
      parameterGroup: this.parameterGroup,
      storageEncrypted: true,
      storageEncryptionKey: props.storageKey,
      iamAuthentication: true,
      cloudwatchLogsExports: ['postgresql'],
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.storageKey,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: Duration.seconds(60),
      monitoringRole,
      backup: { retention: Duration.days(props.backupRetentionDays), preferredWindow: '02:00-03:00' },
      preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
      copyTagsToSnapshot: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
    });
    this.cluster.node.addDependency(this.logGroup);
    this.subnetGroup = this.cluster.node.findChild('Subnets') as rds.SubnetGroup;

    // `cluster.secret` is the secret attached to the cluster (host and port added to it).
    this.secret = this.cluster.secret!;
    // The credentials outlive the stack like the data they open (final snapshot, retained backups).
    (this.cluster.node.findChild('Secret') as rds.DatabaseSecret).applyRemovalPolicy(RemovalPolicy.RETAIN);
    restrictSecretToAccount(this.secret);
    this.rotationSchedule = this.secret.addRotationSchedule('RotationSchedule', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        vpc: props.vpc,
        vpcSubnets: props.rotationSubnets,
        securityGroups: [props.rotationSecurityGroup],
      }),
      automaticallyAfter: Duration.days(props.credentialRotationDays),
    });

    // Aurora instances have no storage of their own: the cluster is the unit AWS Backup protects.
    for (const member of [this.cluster.node.findChild('Writer'), this.cluster.node.tryFindChild('Reader')]) {
      if (!member) continue;
      acknowledgeRules(
        member,
        ['NIST.800.53.R5-RDSInBackupPlan', 'HIPAA.Security-RDSInBackupPlan'],
        'An Aurora DB instance has no storage of its own; the cluster volume is backed up, and the cluster (AWS::RDS::DBCluster) is selected explicitly in the AWS Backup plan of this stack (Backups/Plan/Selection), with continuous backup and cross-region copies',
      );
    }
    if (this.port === POSTGRES_DEFAULT_PORT) {
      acknowledgeRule(
        this.cluster.node.defaultChild!,
        'AwsSolutions-RDS11',
        'The database listens on PostgreSQL 5432 in isolated data-tier subnets; only the app-tier security group is admitted on that port (security group and network ACL rules), so a non-default port would add obscurity, not a control. data.database.port can move it',
      );
    }
  }

  /**
   * The zone of each subnet, as a reference to the subnet's AvailabilityZone attribute where the subnet
   * is defined in this app (the zone then follows the subnet instead of being written twice).
   */
  private subnetZones(subnets: readonly ec2.ISubnet[]): string[] {
    return subnets.map((subnet) => {
      const cfn = subnet.node.defaultChild;
      return cfn instanceof ec2.CfnSubnet ? cfn.attrAvailabilityZone : subnet.availabilityZone;
    });
  }

  private validate(props: EncryptedDatabaseProps): void {
    const where = `EncryptedDatabase ${this.node.path}`;
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(props.clusterIdentifier) || /--|-$/.test(props.clusterIdentifier)) {
      throw new Error(
        `${where}: 'clusterIdentifier' must be 1-63 lowercase letters, digits and single hyphens, starting with a letter. Received: ${props.clusterIdentifier}`,
      );
    }
    const ranges: [string, number, number, number][] = [
      ['backupRetentionDays', props.backupRetentionDays, 1, 35],
      ['credentialRotationDays', props.credentialRotationDays, 1, 365],
      ['port', this.port, 1150, 65535],
    ];
    for (const [name, value, min, max] of ranges) {
      if (Token.isUnresolved(value)) continue;
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${where}: '${name}' must be between ${min} and ${max}. Received: ${value}`);
      }
    }
    if (props.reader && props.vpc.selectSubnets(props.vpcSubnets).availabilityZones.length < 2) {
      throw new Error(
        `${where}: 'reader' needs subnets in at least two availability zones to place the reader apart from the writer`,
      );
    }
  }
}
