import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DataClassKeys } from '../../../constructs/kms/data-class-keys';
import { SegmentedVpc, type SegmentedVpcProps } from '../../../constructs/network/segmented-vpc';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { parseJoinedJson } from '../../support/joined-json';
import { aclDecision, aclEntriesOf, INTERNET_HOST, routesOf, subnetsByTier } from '../../support/network';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const MALWARE_LIST = 'rslvr-fdl-0123456789abcdef';
const BOTNET_LIST = 'rslvr-fdl-fedcba9876543210';

/** A SegmentedVpc in a fresh stack, with the logs key and archive bucket the Foundation stack provides. */
function build(overrides: Partial<SegmentedVpcProps> = {}, stack = new Stack(undefined, 'S', { env: ENV })) {
  const keys = new DataClassKeys(stack, 'Keys', { aliasPrefix: 'test' });
  const archive = new SecureBucket(stack, 'Archive', {
    encryptionKey: keys.logs,
    accessLogsExemptionReason: 'Test fixture: access logging is covered by the Foundation stack tests',
    replicationExemptionReason: 'Test fixture: the log archive stays in-region for the test only, no copies',
  }).bucket;
  const net = new SegmentedVpc(stack, 'Net', {
    cidr: '10.0.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    logKey: keys.logs,
    logRetentionDays: 90,
    logArchiveBucket: archive,
    ...overrides,
  });
  return { stack, net };
}

describe('SegmentedVpc defaults', () => {
  let template: Template;
  let net: SegmentedVpc;
  beforeAll(() => {
    const built = build();
    net = built.net;
    template = Template.fromStack(built.stack);
  });

  test('subnet selections name the tier subnet groups', () => {
    expect(net.subnets).toEqual({
      public: { subnetGroupName: 'public' },
      app: { subnetGroupName: 'app' },
      data: { subnetGroupName: 'data' },
    });
    expect(net.vpc.selectSubnets(net.subnets.data).subnets).toHaveLength(2);
  });

  test('the archive flow log writes DestinationOptions in the schema casing (aws/aws-cdk#25432 worked around)', () => {
    const s3Logs = Object.values(template.findResources('AWS::EC2::FlowLog')).filter(
      (r) => r.Properties.LogDestinationType === 's3',
    );
    expect(s3Logs).toHaveLength(1);
    expect(s3Logs[0].Properties.DestinationOptions).toEqual({
      FileFormat: 'parquet',
      HiveCompatiblePartitions: true,
      PerHourPartition: true,
    });
  });

  test('one NAT gateway unless natGatewayPerAz', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('the data-tier group admits 5432 from the app-tier group by default', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetDataSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetAppSecurityGroup'), 'GroupId'] },
    });
  });

  test('creates the default interface endpoints', () => {
    const interfaces = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).filter(
      (e) => e.Properties.VpcEndpointType === 'Interface',
    );
    // The documented default of network.interfaceEndpoints (docs/configuration.md, docs/network.md).
    expect(interfaces.map((e) => e.Properties.ServiceName).sort()).toEqual(
      ['ecr.api', 'ecr.dkr', 'events', 'kms', 'logs', 'secretsmanager', 'sns', 'ssm', 'sts'].map(
        (name) => `com.amazonaws.eu-west-1.${name}`,
      ),
    );
  });

  /** The statement `sid` of the only endpoint whose service name ends with `.<service>`. */
  const endpointStatement = (service: string, sid: string) => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).filter(
      (e) =>
        JSON.stringify(e.Properties.ServiceName).endsWith(`.${service}"]]}`) ||
        e.Properties.ServiceName === `com.amazonaws.eu-west-1.${service}`,
    );
    expect(endpoints).toHaveLength(1);
    return endpoints[0].Properties.PolicyDocument.Statement.filter((st: any) => st.Sid === sid);
  };

  test('the ECR API endpoint lets this account fetch registry tokens', () => {
    // GetAuthorizationToken names no resource (Service Authorization Reference, Amazon ECR): '*', this account only.
    expect(endpointStatement('ecr.api', 'RegistryTokenForThisAccount')).toEqual([
      {
        Sid: 'RegistryTokenForThisAccount',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'ecr:GetAuthorizationToken',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ENV.account } },
      },
    ]);
  });

  test('the S3 gateway endpoint lets workloads pull ECR image layers from the AWS-owned layer bucket', () => {
    // Read-only, objects of the named AWS-owned buckets only (ECR layers, Amazon Linux repositories, SSM and
    // CloudWatch agents), not any bucket outside this account.
    const objectsOf = (bucket: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${bucket}/*`]],
    });
    expect(endpointStatement('s3', 'ReadAwsOwnedArtifactBuckets')).toEqual([
      {
        Sid: 'ReadAwsOwnedArtifactBuckets',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:GetObject',
        Resource: [
          'prod-eu-west-1-starport-layer-bucket',
          'al2023-repos-eu-west-1-de612dc2',
          'amazonlinux-2-repos-eu-west-1',
          'amazon-ssm-eu-west-1',
          'aws-ssm-eu-west-1',
          'amazoncloudwatch-agent-eu-west-1',
        ].map(objectsOf),
      },
    ]);
  });

  test('no DNS extras unless asked', () => {
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
    template.resourceCountIs('AWS::Route53Resolver::FirewallRuleGroup', 0);
  });
});

describe("SegmentedVpc with appEgress 'none'", () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(build({ appEgress: 'none' }).stack);
  });

  test('creates no NAT gateway', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
  });

  test('app subnets have no route out of the VPC', () => {
    for (const s of subnetsByTier(template).app) expect(routesOf(template, s.routeTableId)).toEqual([]);
  });

  test('the public tier ACL forwards no HTTPS to the internet (there is nothing to forward)', () => {
    const decision = aclDecision(aclEntriesOf(template, 'public'), {
      direction: 'out',
      protocol: 'tcp',
      port: 443,
      peer: INTERNET_HOST,
    });
    expect(decision).toBe('deny');
  });
});

describe('SegmentedVpc with one NAT gateway per zone', () => {
  test('creates a NAT gateway in each zone and routes each app subnet to its own', () => {
    const template = Template.fromStack(
      build({ natGatewayPerAz: true, availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] }).stack,
    );
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    const targets = subnetsByTier(template).app.map(
      (s) => routesOf(template, s.routeTableId)[0].NatGatewayId.Ref,
    );
    expect(new Set(targets).size).toBe(3);
  });
});

describe('SegmentedVpc DNS protection', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(
      build({ resolverQueryLogging: true, dnsFirewallDomainListIds: [MALWARE_LIST, BOTNET_LIST] }).stack,
    );
  });

  test('the DNS Firewall answers NXDOMAIN for every listed domain list', () => {
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroup', {
      FirewallRules: [
        { FirewallDomainListId: MALWARE_LIST, Action: 'BLOCK', BlockResponse: 'NXDOMAIN', Priority: 100 },
        { FirewallDomainListId: BOTNET_LIST, Action: 'BLOCK', BlockResponse: 'NXDOMAIN', Priority: 200 },
      ],
    });
  });

  test('the rule group is associated with the VPC under mutation protection', () => {
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      VpcId: { Ref: Match.stringLikeRegexp('^Net') },
      MutationProtection: 'ENABLED',
      Priority: 101,
    });
  });

  test('query logs go to a log group of their own, encrypted with the logs key', () => {
    const config = Object.values(
      template.findResources('AWS::Route53Resolver::ResolverQueryLoggingConfig'),
    )[0];
    const groups = template.findResources('AWS::Logs::LogGroup');
    // The destination ARN names the group (a Fn::Join over its name or a GetAtt of it).
    const destination = JSON.stringify(config.Properties.DestinationArn);
    const queryGroup = Object.keys(groups).find((id) => destination.includes(id));
    expect(queryGroup).toMatch(/^NetDnsQueryLogs/);
    const logsKey = Object.keys(template.findResources('AWS::KMS::Key')).find((id) =>
      id.startsWith('KeysLogs'),
    );
    expect(groups[queryGroup!].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logsKey, 'Arn'] });
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
  });

  test('only log deliveries of this account may write the query logs', () => {
    const policy = Object.values(template.findResources('AWS::Logs::ResourcePolicy'))[0];
    // The document is a JSON string joined around the log group ARN token.
    const document = parseJoinedJson(policy.Properties.PolicyDocument);
    const queryGroup = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) =>
      id.startsWith('NetDnsQueryLogs'),
    );
    expect(queryGroup).toHaveLength(1);
    // Only the query log group, only the delivery service acting for this account's log deliveries.
    expect(document.Statement).toEqual([
      {
        Sid: 'ResolverQueryLogDeliveryOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [queryGroup[0], 'Arn'] },
        Condition: {
          StringEquals: { 'aws:SourceAccount': ENV.account },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:${ENV.account}:*`]],
            },
          },
        },
      },
    ]);
  });
});

describe('SegmentedVpc compliance', () => {
  test('has no unacknowledged cdk-nag finding with every option on', () => {
    const findings = nagFindingsOf((stack) => {
      build(
        {
          natGatewayPerAz: true,
          resolverQueryLogging: true,
          dnsFirewallDomainListIds: [MALWARE_LIST],
          appPorts: [8080, 8443],
          databasePorts: [5432, 6379],
        },
        stack,
      );
    });
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('a bare network ACL is reported (the VPC3 acknowledgment is what silences ours)', () => {
    const findings = nagFindingsOf((stack) => {
      const vpc = new ec2.Vpc(stack, 'Plain', { natGateways: 0, subnetConfiguration: [] });
      new ec2.NetworkAcl(stack, 'Acl', { vpc });
    });
    expect(findings.map((f) => f.rule)).toContain('AwsSolutions-VPC3');
  });
});

describe('SegmentedVpc bad input', () => {
  const attempt = (overrides: Partial<SegmentedVpcProps>) => () => build(overrides);

  test('fails if fewer than 2 zones are given', () => {
    expect(attempt({ availabilityZones: ['eu-west-1a'] })).toThrow(
      /needs at least 2 zones.*Received: \["eu-west-1a"\]/,
    );
  });

  test('fails if a subnet mask is outside 16-28', () => {
    expect(attempt({ subnetMasks: { data: 29 } })).toThrow(
      /'subnetMasks.data' must be between 16 and 28. Received: 29/,
    );
  });

  test('fails if an app or database port is SSH or RDP', () => {
    expect(attempt({ appPorts: [22] })).toThrow(/'appPorts' must not include 22: SSH and RDP are denied/);
    expect(attempt({ databasePorts: [3389] })).toThrow(/'databasePorts' must not include 3389/);
  });

  test('fails if a port is not a TCP port', () => {
    expect(attempt({ databasePorts: [70000] })).toThrow(/TCP ports 1-65535. Received: 70000/);
  });

  test('fails if an interface endpoint service is unknown', () => {
    expect(attempt({ interfaceEndpoints: ['kms', 'secretmanager'] })).toThrow(
      /unknown interface endpoint service 'secretmanager'; use names from/,
    );
  });

  test('fails if an interface endpoint is listed twice', () => {
    expect(attempt({ interfaceEndpoints: ['kms', 'kms'] })).toThrow(/'kms' listed twice/);
  });

  test('fails if the ports would overflow the network ACL entry quota', () => {
    expect(
      attempt({
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
        appPorts: [8080, 8081, 8082, 8083, 8084, 8085],
      }),
    ).toThrow(/the appIngress ACL would need 26 entries, over the quota of 20/);
  });

  test('fails if a DNS Firewall domain list id is malformed', () => {
    expect(attempt({ dnsFirewallDomainListIds: ['AWSManagedDomainsMalwareDomainList'] })).toThrow(
      /'AWSManagedDomainsMalwareDomainList' is not a DNS Firewall domain list id/,
    );
  });
});
