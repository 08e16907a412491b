import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import {
  AURORA_POSTGRES_VERSION,
  EncryptedDatabase,
  type EncryptedDatabaseProps,
} from '../../../constructs/data/encrypted-database';
import { formatFinding } from '../../../compliance/findings';
import { type DataFixture, dataFixture, dataFixtureIn } from '../../support/data-fixture';
import { nagFindingsOf } from '../../support/nag';
import { resourcesOf } from '../../support/resources';
import { secretPerimeterStatements } from '../../support/secret-perimeter';

function props(f: DataFixture, overrides: Partial<EncryptedDatabaseProps> = {}): EncryptedDatabaseProps {
  return {
    clusterIdentifier: 'orders-db',
    instanceType: new ec2.InstanceType('t4g.medium'),
    vpc: f.vpc,
    vpcSubnets: f.dataSubnets,
    securityGroup: f.dataSecurityGroup,
    storageKey: f.keys.data,
    secretsKey: f.keys.secrets,
    logKey: f.keys.logs,
    logRetentionDays: 365,
    backupRetentionDays: 35,
    credentialRotationDays: 30,
    rotationSubnets: f.appSubnets,
    rotationSecurityGroup: f.appSecurityGroup,
    ...overrides,
  };
}

/** `{ 'Fn::GetAtt': [<logical id>, 'Arn'] }` of a key or role. */
function arnOf(stack: Stack, construct: IConstruct) {
  return { 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), 'Arn'] };
}

const SECRET_PERIMETER_STATEMENTS = secretPerimeterStatements('111111111111');

describe('EncryptedDatabase', () => {
  let f: DataFixture;
  let template: Template;
  beforeAll(() => {
    f = dataFixture();
    new EncryptedDatabase(f.stack, 'Db', props(f));
    template = Template.fromStack(f.stack);
  });

  test('runs the pinned Aurora PostgreSQL version', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: AURORA_POSTGRES_VERSION.auroraPostgresFullVersion,
    });
  });

  test('encrypts storage with the data key', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      StorageEncrypted: true,
      KmsKeyId: arnOf(f.stack, f.keys.data),
    });
  });

  test('encrypts Performance Insights with the data key, on the cluster and every instance', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      PerformanceInsightsEnabled: true,
      PerformanceInsightsKmsKeyId: arnOf(f.stack, f.keys.data),
    });
    template.allResourcesProperties('AWS::RDS::DBInstance', {
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: arnOf(f.stack, f.keys.data),
    });
  });

  test('turns on IAM database authentication', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', { EnableIAMDatabaseAuthentication: true });
  });

  test('forces TLS 1.2+ through the cluster parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', ssl_min_protocol_version: 'TLSv1.2' }),
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('ParameterGroup') },
    });
  });

  test('logs connections, disconnections and DDL, with pgaudit loaded', () => {
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({
        log_connections: '1',
        log_disconnections: '1',
        log_statement: 'ddl',
        shared_preload_libraries: Match.stringLikeRegexp('pgaudit'),
        'pgaudit.log': 'ddl,role',
      }),
    });
  });

  test('exports the PostgreSQL log to a KMS-encrypted log group with retention, created first', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', { EnableCloudwatchLogsExports: ['postgresql'] });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/rds/cluster/orders-db/postgresql',
      KmsKeyId: arnOf(f.stack, f.keys.logs),
      RetentionInDays: 365,
    });
    template.hasResource('AWS::RDS::DBCluster', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('PostgresqlLogGroup')]),
    });
  });

  test('enables enhanced monitoring every 60 seconds', () => {
    template.allResourcesProperties('AWS::RDS::DBInstance', {
      MonitoringInterval: 60,
      MonitoringRoleArn: Match.anyValue(),
    });
  });

  test('has deletion protection and takes a snapshot when removed or replaced', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: true });
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('keeps automated backups for the configured days and copies tags to snapshots', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      BackupRetentionPeriod: 35,
      CopyTagsToSnapshot: true,
    });
  });

  test('is reachable only through the given security group, never publicly', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      VpcSecurityGroupIds: [arnOrId(f.stack, f.dataSecurityGroup)],
    });
    template.allResourcesProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false });
    // The construct adds no rule of its own to any group.
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('has no reader unless asked', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
  });

  test('generates the master credentials into a secret encrypted with the secrets key, retained', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        KmsKeyId: arnOf(f.stack, f.keys.secrets),
        Name: 'orders-db/master',
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the secret policy denies other accounts and requests without TLS', () => {
    const [policy] = resourcesOf(template, 'AWS::SecretsManager::ResourcePolicy');
    // On the secret through its cluster attachment (whose Ref is the secret ARN).
    const [attachmentId] = Object.keys(template.findResources('AWS::SecretsManager::SecretTargetAttachment'));
    expect(policy.Properties.SecretId).toEqual({ Ref: attachmentId });
    const statements: any[] = policy.Properties.ResourcePolicy.Statement;
    expect(statements.filter((st) => st.Sid !== undefined)).toEqual(SECRET_PERIMETER_STATEMENTS);
    // The rest is CDK's own (a Deny of DeleteSecret to the account while attached): no statement allows anything.
    expect(statements.filter((st) => st.Effect !== 'Deny')).toEqual([]);
  });

  test('rotates the master credentials on the configured schedule with the hosted function in the given subnets', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({
        RotationType: 'PostgreSQLSingleUser',
        KmsKeyArn: arnOf(f.stack, f.keys.secrets),
        VpcSecurityGroupIds: arnOrId(f.stack, f.appSecurityGroup),
      }),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    const [schedule] = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'));
    const subnets = JSON.stringify(schedule.Properties.HostedRotationLambda.VpcSubnetIds);
    expect(subnets).toMatch(/VpcappSubnet1/);
    expect(subnets).toMatch(/VpcappSubnet2/);
    expect(subnets).not.toMatch(/dataSubnet/);
  });
});

describe('EncryptedDatabase with a reader', () => {
  test('places writer and reader in the zones of the first two data subnets', () => {
    // GIVEN a reader
    const f = dataFixture();
    new EncryptedDatabase(f.stack, 'Db', props(f, { reader: true }));
    const template = Template.fromStack(f.stack);
    // THEN two instances in different subnets' zones
    const zones = Object.values(template.findResources('AWS::RDS::DBInstance')).map((r) =>
      JSON.stringify(r.Properties.AvailabilityZone),
    );
    expect(zones).toHaveLength(2);
    expect(new Set(zones).size).toBe(2);
    expect(zones.every((z) => z.includes('dataSubnet'))).toBe(true);
  });
});

describe('EncryptedDatabase compliance', () => {
  test('raises no cdk-nag finding of any pack on its own resources', () => {
    const findings = nagFindingsOf((stack) => {
      new EncryptedDatabase(stack, 'Db', props(dataFixtureIn(stack), { reader: true }));
    });
    // RDSInBackupPlan needs a backup plan, which the Data stack adds (checked app-wide).
    expect(
      findings
        .filter((x) => x.path.includes('/Db/') && !x.rule.endsWith('RDSInBackupPlan'))
        .map(formatFinding),
    ).toEqual([]);
  });
});

describe('EncryptedDatabase input checks', () => {
  test.each([
    [{ clusterIdentifier: 'Orders_DB' }, /'clusterIdentifier' must be 1-63 lowercase letters/],
    [{ backupRetentionDays: 36 }, /'backupRetentionDays' must be between 1 and 35. Received: 36/],
    [{ credentialRotationDays: 0 }, /'credentialRotationDays' must be between 1 and 365. Received: 0/],
    [{ port: 80 }, /'port' must be between 1150 and 65535. Received: 80/],
  ])('fails if %j', (overrides, message) => {
    const f = dataFixture();
    expect(() => new EncryptedDatabase(f.stack, 'Db', props(f, overrides as never))).toThrow(message);
  });
});

function arnOrId(stack: Stack, group: ec2.SecurityGroup) {
  return stack.resolve(group.securityGroupId);
}
