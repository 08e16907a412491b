import { Match } from 'aws-cdk-lib/assertions';
import { allocateSubnets, parseIpv4Cidr, formatBlock } from '../../../lib/config/cidr';
import { exampleConfig } from '../../support/config';
import {
  foundationKeyArn,
  foundationReference,
  STAGES,
  stackTemplate,
  testSimulator,
} from '../../support/assembly';
import {
  aclDecision,
  aclEntriesOf,
  aclIdOf,
  hostIn,
  INTERNET_HOST,
  routesOf,
  subnetsByTier,
  TIER_NAMES,
} from '../../support/network';
import { nonEmpty } from '../../support/non-empty';

const PARTITION = 'aws';
const V5_FIELDS = ['${pkt-srcaddr}', '${pkt-dstaddr}', '${flow-direction}', '${traffic-path}'];

describe.each(STAGES)('%s/Network', (stage) => {
  const template = stackTemplate(stage, 'Network');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const zones: string[] = config.network.availabilityZones;
  const subnets = subnetsByTier(template);
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const ofType = (type: string) =>
    nonEmpty(
      Object.values(resources).filter((r) => r.Type === type),
      type,
    );

  // ---- Tiers and routing

  test('has one subnet per tier in each configured zone', () => {
    for (const tier of TIER_NAMES) {
      expect(subnets[tier].map((s) => s.az).sort()).toEqual([...zones].sort());
    }
  });

  test('subnet CIDRs are the ones config validation computed (validation and CDK allocate alike)', () => {
    const { blocks } = allocateSubnets(
      parseIpv4Cidr(config.network.cidr)!,
      TIER_NAMES.flatMap((tier) => zones.map(() => config.network.subnetMasks[tier] as number)),
    );
    const actual = TIER_NAMES.flatMap((tier) => subnets[tier].map((s) => s.cidr));
    expect(actual.sort()).toEqual(blocks.map(formatBlock).sort());
  });

  test('no subnet auto-assigns public IP addresses', () => {
    const all = TIER_NAMES.flatMap((tier) => subnets[tier]);
    expect(all.length).toBe(3 * zones.length);
    for (const s of all) expect(s.mapPublicIpOnLaunch).toBe(false);
  });

  test('data subnets have no route to an internet gateway or a NAT gateway', () => {
    for (const s of subnets.data) {
      for (const route of routesOf(template, s.routeTableId)) {
        expect(route.GatewayId).toBeUndefined();
        expect(route.NatGatewayId).toBeUndefined();
        expect(route.EgressOnlyInternetGatewayId).toBeUndefined();
        expect(route.TransitGatewayId).toBeUndefined();
      }
    }
  });

  test('app subnets reach the internet only through a NAT gateway, never an internet gateway', () => {
    for (const s of subnets.app) {
      const routes = routesOf(template, s.routeTableId);
      expect(routes.some((r) => r.GatewayId)).toBe(false);
      expect(routes).toEqual([
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: expect.anything() }),
      ]);
    }
  });

  test('only the public subnets route to the internet gateway', () => {
    for (const s of subnets.public) {
      expect(routesOf(template, s.routeTableId)).toEqual([
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: expect.anything() }),
      ]);
    }
  });

  test(`NAT gateways: ${stage === 'Prod' ? 'one per zone' : 'one in total'} (network.natPerAz)`, () => {
    template.resourceCountIs('AWS::EC2::NatGateway', config.network.natPerAz ? zones.length : 1);
  });

  // ---- Security groups

  test('the default security group is stripped of all rules', () => {
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.anyValue(), 'DefaultSecurityGroup'] },
    });
  });

  test('no security group admits 0.0.0.0/0 or ::/0 except the load-balancer group on 443', () => {
    const open: string[] = [];
    for (const [id, r] of Object.entries(resources)) {
      const rules =
        r.Type === 'AWS::EC2::SecurityGroup'
          ? (r.Properties.SecurityGroupIngress ?? []).map((rule: any) => ({ ...rule, group: id }))
          : r.Type === 'AWS::EC2::SecurityGroupIngress'
            ? [{ ...r.Properties, group: r.Properties.GroupId['Fn::GetAtt'][0] }]
            : [];
      for (const rule of rules) {
        if (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0') {
          open.push(`${rule.group}:${rule.IpProtocol}/${rule.FromPort}-${rule.ToPort}`);
        }
      }
    }
    expect(open).toEqual([expect.stringMatching(/^VpcLoadBalancerSecurityGroup[0-9A-F]+:tcp\/443-443$/)]);
  });

  test('tier-to-tier rules reference security groups, not CIDRs', () => {
    const standalone = ofType('AWS::EC2::SecurityGroupIngress');
    expect(standalone.length).toBeGreaterThan(0);
    for (const r of standalone) {
      expect(r.Properties.SourceSecurityGroupId).toBeDefined();
      expect(r.Properties.CidrIp).toBeUndefined();
    }
  });

  test('the data-tier group admits the database ports from the app-tier group only', () => {
    const toData = ofType('AWS::EC2::SecurityGroupIngress').filter((r) =>
      r.Properties.GroupId['Fn::GetAtt'][0].startsWith('VpcDataSecurityGroup'),
    );
    expect(toData.map((r) => r.Properties.FromPort).sort()).toEqual([...config.network.databasePorts].sort());
    for (const r of toData) {
      expect(r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/^VpcAppSecurityGroup/);
      expect(r.Properties.ToPort).toBe(r.Properties.FromPort);
    }
  });

  test('the app-tier group admits the app ports from the load-balancer group only', () => {
    const toApp = ofType('AWS::EC2::SecurityGroupIngress').filter((r) =>
      r.Properties.GroupId['Fn::GetAtt'][0].startsWith('VpcAppSecurityGroup'),
    );
    expect(toApp.map((r) => r.Properties.FromPort).sort()).toEqual([...config.network.appPorts].sort());
    for (const r of toApp)
      expect(r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/^VpcLoadBalancerSecurityGroup/);
  });

  test('no tier security group allows all outbound traffic', () => {
    // A group's egress rules are its inline SecurityGroupEgress plus the AWS::EC2::SecurityGroupEgress resources
    // naming it. A group with neither keeps EC2's default allow-all egress rule: CloudFormation removes that
    // rule only once the group has an egress rule (aws/aws-cdk#987, fixed by #998).
    const standalone = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress');
    const groups = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup');
    nonEmpty(groups, 'AWS::EC2::SecurityGroup');
    for (const [id, group] of groups) {
      const rules = [
        ...(group.Properties.SecurityGroupEgress ?? []),
        ...standalone
          .filter(
            (r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [id, 'GroupId'] }),
          )
          .map((r) => r.Properties),
      ];
      expect({ id, egressRules: rules.length > 0 }).toEqual({ id, egressRules: true });
      for (const rule of rules) {
        const allProtocols = ['-1', -1, 'all'].includes(rule.IpProtocol);
        const anywhere = rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0';
        const allPorts = (rule.FromPort ?? 0) <= 0 && (rule.ToPort ?? 65535) >= 65535;
        expect({ id, rule, allProtocols, anywhereOnAllPorts: anywhere && allPorts }).toEqual({
          id,
          rule,
          allProtocols: false,
          anywhereOnAllPorts: false,
        });
      }
    }
  });

  // ---- Network ACLs (evaluated like AWS does: lowest rule number first, implicit deny)

  const entries = {
    public: aclEntriesOf(template, 'public'),
    app: aclEntriesOf(template, 'app'),
    data: aclEntriesOf(template, 'data'),
  };
  const publicHosts = subnets.public.map((s) => hostIn(s.cidr));
  const appHosts = subnets.app.map((s) => hostIn(s.cidr));
  const dataHosts = subnets.data.map((s) => hostIn(s.cidr));

  test('each subnet is associated with its own tier network ACL', () => {
    for (const tier of TIER_NAMES) {
      for (const s of subnets[tier]) {
        template.hasResourceProperties('AWS::EC2::SubnetNetworkAclAssociation', {
          SubnetId: { Ref: s.logicalId },
          NetworkAclId: { Ref: aclIdOf(template, tier) },
        });
      }
    }
  });

  test('every tier denies SSH and RDP from anywhere, including from inside the VPC', () => {
    for (const tier of TIER_NAMES) {
      for (const peer of [INTERNET_HOST, ...publicHosts, ...appHosts, ...dataHosts]) {
        expect(aclDecision(entries[tier], { direction: 'in', protocol: 'tcp', port: 22, peer })).toBe('deny');
        expect(aclDecision(entries[tier], { direction: 'in', protocol: 'tcp', port: 3389, peer })).toBe(
          'deny',
        );
        expect(aclDecision(entries[tier], { direction: 'in', protocol: 'udp', port: 3389, peer })).toBe(
          'deny',
        );
      }
    }
  });

  test('the data tier denies the public tier on every port, the database ports included', () => {
    for (const peer of publicHosts) {
      for (const port of [...config.network.databasePorts, 443, 1024, 65535]) {
        expect(aclDecision(entries.data, { direction: 'in', protocol: 'tcp', port, peer })).toBe('deny');
      }
      expect(aclDecision(entries.data, { direction: 'in', protocol: 'udp', port: 53, peer })).toBe('deny');
    }
  });

  test('the data tier lists an explicit deny-all entry per public subnet, ahead of every allow', () => {
    const inbound = entries.data.filter((e) => !e.egress);
    const denies = inbound.filter((e) => e.action === 'deny' && e.protocol === -1);
    expect(denies.map((e) => e.cidr).sort()).toEqual(subnets.public.map((s) => s.cidr).sort());
    const firstAllow = Math.min(...inbound.filter((e) => e.action === 'allow').map((e) => e.ruleNumber));
    for (const d of denies) expect(d.ruleNumber).toBeLessThan(firstAllow);
  });

  test('the data tier admits the database ports from the app tier', () => {
    for (const peer of appHosts) {
      for (const port of config.network.databasePorts) {
        expect(aclDecision(entries.data, { direction: 'in', protocol: 'tcp', port, peer })).toBe('allow');
      }
    }
  });

  test('the data tier admits nothing else: other ports from the app tier, anything from the internet', () => {
    for (const peer of appHosts) {
      for (const port of [80, 443, 8080, 6379]) {
        if (config.network.databasePorts.includes(port)) continue;
        expect(aclDecision(entries.data, { direction: 'in', protocol: 'tcp', port, peer })).toBe('deny');
      }
    }
    for (const port of config.network.databasePorts) {
      expect(aclDecision(entries.data, { direction: 'in', protocol: 'tcp', port, peer: INTERNET_HOST })).toBe(
        'deny',
      );
    }
  });

  test('the data tier sends only return traffic, and only to the app tier', () => {
    for (const peer of appHosts) {
      expect(aclDecision(entries.data, { direction: 'out', protocol: 'tcp', port: 40000, peer })).toBe(
        'allow',
      );
      expect(aclDecision(entries.data, { direction: 'out', protocol: 'tcp', port: 443, peer })).toBe('deny');
    }
    for (const peer of [INTERNET_HOST, ...publicHosts]) {
      expect(aclDecision(entries.data, { direction: 'out', protocol: 'tcp', port: 40000, peer })).toBe(
        'deny',
      );
      expect(aclDecision(entries.data, { direction: 'out', protocol: 'tcp', port: 443, peer })).toBe('deny');
    }
  });

  test('the app tier admits the app ports from the public tier, not from the internet or the data tier', () => {
    for (const port of config.network.appPorts) {
      for (const peer of publicHosts) {
        expect(aclDecision(entries.app, { direction: 'in', protocol: 'tcp', port, peer })).toBe('allow');
      }
      for (const peer of [INTERNET_HOST, ...dataHosts]) {
        if (port >= 1024) continue; // return-traffic range; the security groups refuse it
        expect(aclDecision(entries.app, { direction: 'in', protocol: 'tcp', port, peer })).toBe('deny');
      }
    }
    expect(
      aclDecision(entries.app, { direction: 'in', protocol: 'tcp', port: 443, peer: INTERNET_HOST }),
    ).toBe('deny');
    expect(
      aclDecision(entries.app, { direction: 'in', protocol: 'tcp', port: 80, peer: publicHosts[0] }),
    ).toBe('deny');
  });

  test('the app tier reaches the data tier on the database ports and nothing below the return range', () => {
    for (const peer of dataHosts) {
      for (const port of config.network.databasePorts) {
        expect(aclDecision(entries.app, { direction: 'out', protocol: 'tcp', port, peer })).toBe('allow');
      }
      expect(aclDecision(entries.app, { direction: 'out', protocol: 'tcp', port: 22, peer })).toBe('deny');
    }
  });

  test('the app tier sends HTTPS out (endpoints, gateway endpoints, NAT) but not plain HTTP', () => {
    expect(
      aclDecision(entries.app, { direction: 'out', protocol: 'tcp', port: 443, peer: INTERNET_HOST }),
    ).toBe('allow');
    expect(
      aclDecision(entries.app, { direction: 'out', protocol: 'tcp', port: 80, peer: INTERNET_HOST }),
    ).toBe('deny');
  });

  test('the public tier admits HTTPS from the internet, not HTTP or admin ports', () => {
    const probe = (port: number) =>
      aclDecision(entries.public, { direction: 'in', protocol: 'tcp', port, peer: INTERNET_HOST });
    expect(probe(443)).toBe('allow');
    expect(probe(80)).toBe('deny');
    expect(probe(22)).toBe('deny');
  });

  test('the public tier forwards to the app tier on the app ports only', () => {
    for (const peer of appHosts) {
      for (const port of config.network.appPorts) {
        expect(aclDecision(entries.public, { direction: 'out', protocol: 'tcp', port, peer })).toBe('allow');
      }
    }
    for (const peer of dataHosts) {
      for (const port of config.network.databasePorts) {
        if (port >= 1024) continue;
        expect(aclDecision(entries.public, { direction: 'out', protocol: 'tcp', port, peer })).toBe('deny');
      }
    }
  });

  test('the public and app tiers admit ICMP "fragmentation needed" so path MTU discovery works', () => {
    for (const tier of ['public', 'app'] as const) {
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
        NetworkAclId: { Ref: aclIdOf(template, tier) },
        Protocol: 1,
        Icmp: { Type: 3, Code: 4 },
        RuleAction: 'allow',
        Egress: false,
      });
    }
  });

  test('the admin-port denies are evaluated before every allow of their ACL', () => {
    for (const tier of TIER_NAMES) {
      const inbound = entries[tier].filter((e) => !e.egress);
      const adminDenies = nonEmpty(
        inbound.filter((e) => e.action === 'deny' && [22, 3389].includes(e.from!)),
        `${tier} admin-port deny`,
      );
      const lastAdminDeny = Math.max(...adminDenies.map((e) => e.ruleNumber));
      const firstAllow = Math.min(...inbound.filter((e) => e.action === 'allow').map((e) => e.ruleNumber));
      expect(lastAdminDeny).toBeLessThan(firstAllow);
    }
  });

  // ---- Flow logs

  test('flow logs capture ALL traffic of the VPC to both destinations', () => {
    const flowLogs = ofType('AWS::EC2::FlowLog');
    expect(flowLogs.map((f) => f.Properties.LogDestinationType).sort()).toEqual(['cloud-watch-logs', 's3']);
    for (const f of flowLogs) {
      expect(f.Properties.TrafficType).toBe('ALL');
      expect(f.Properties.ResourceType).toBe('VPC');
    }
  });

  test('flow logs use a custom format with the v5 fields', () => {
    for (const f of ofType('AWS::EC2::FlowLog')) {
      for (const field of V5_FIELDS) expect(f.Properties.LogFormat).toContain(field);
    }
  });

  test('the CloudWatch flow-log group is KMS-encrypted, keeps logs for retention.logDays and is retained', () => {
    const flowLog = ofType('AWS::EC2::FlowLog').find(
      (f) => f.Properties.LogDestinationType === 'cloud-watch-logs',
    )!;
    const groupId = flowLog.Properties.LogGroupName.Ref;
    const group = template.toJSON().Resources[groupId];
    expect(group.Properties.KmsKeyId).toEqual(foundationKeyArn(stage, 'Logs'));
    expect(group.Properties.RetentionInDays).toBe(config.retention.logDays);
    expect(group.DeletionPolicy).toBe('Retain');
  });

  /** How this stack refers to the ARN of the Foundation bucket whose logical id starts with `bucketIdPrefix`. */
  const foundationBucketArn = (bucketIdPrefix: string) => {
    const buckets = Object.keys(stackTemplate(stage, 'Foundation').findResources('AWS::S3::Bucket')).filter(
      (id) => id.startsWith(bucketIdPrefix),
    );
    expect(buckets).toHaveLength(1);
    return foundationReference(stage, { 'Fn::GetAtt': [buckets[0], 'Arn'] });
  };

  test('the archive flow log writes Parquet under vpc-flow-logs/ of the KMS log archive bucket', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 's3',
      LogDestination: {
        'Fn::Join': ['', [foundationBucketArn('LogArchiveBucket'), '/vpc-flow-logs']],
      },
      DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true },
    });
  });

  test('the flow-log role can be assumed by VPC Flow Logs of this account only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': config.environment.account },
              ArnLike: Match.anyValue(),
            },
          }),
        ],
      },
    });
  });

  // ---- Endpoints

  test('S3 and DynamoDB gateway endpoints serve the app route tables only', () => {
    const gateways = ofType('AWS::EC2::VPCEndpoint').filter(
      (e) => e.Properties.VpcEndpointType === 'Gateway',
    );
    expect(gateways).toHaveLength(2);
    const tables = subnets.app.map((s) => ({ Ref: s.routeTableId }));
    for (const g of gateways) expect(g.Properties.RouteTableIds).toEqual(tables);
  });

  test('one interface endpoint per configured service, with private DNS, in the app tier', () => {
    const interfaces = ofType('AWS::EC2::VPCEndpoint').filter(
      (e) => e.Properties.VpcEndpointType === 'Interface',
    );
    const prefix = `com.amazonaws.${config.environment.region}.`;
    const names = interfaces.map((e) => String(e.Properties.ServiceName).replace(prefix, ''));
    expect(names.sort()).toEqual([...config.network.interfaceEndpoints].sort());
    const appSubnets = subnets.app.map((s) => ({ Ref: s.logicalId }));
    for (const e of interfaces) {
      expect(e.Properties.PrivateDnsEnabled).toBe(true);
      expect(e.Properties.SubnetIds).toEqual(appSubnets);
    }
  });

  test('the endpoint security group admits HTTPS from the VPC CIDR only', () => {
    const interfaces = ofType('AWS::EC2::VPCEndpoint').filter(
      (e) => e.Properties.VpcEndpointType === 'Interface',
    );
    const groupIds = new Set(
      interfaces.flatMap((e) => e.Properties.SecurityGroupIds.map((g: any) => g['Fn::GetAtt'][0])),
    );
    expect(groupIds.size).toBe(1);
    const group = resources[[...groupIds][0]];
    expect(group.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: config.network.cidr, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('every endpoint policy limits use to principals and resources of this account', () => {
    for (const e of ofType('AWS::EC2::VPCEndpoint')) {
      expect(e.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          {
            Sid: 'ThisAccountPrincipalsToThisAccountResources',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: '*',
            Resource: '*',
            Condition: {
              StringEquals: {
                'aws:PrincipalAccount': config.environment.account,
                'aws:ResourceAccount': config.environment.account,
              },
            },
          },
        ]),
      );
    }
  });

  test('endpoint policy exceptions name exact actions, and unconditioned ones only AWS-owned S3 objects', () => {
    for (const e of ofType('AWS::EC2::VPCEndpoint')) {
      for (const s of e.Properties.PolicyDocument.Statement) {
        expect(s.Effect).toBe('Allow');
        if (s.Sid === 'ThisAccountPrincipalsToThisAccountResources') continue;
        expect(s.Action).not.toBe('*');
        if (s.Condition === undefined) {
          expect(['s3:GetObject', 's3:PutObject']).toContain(s.Action);
          for (const r of [s.Resource].flat()) expect(r).toMatch(/^arn:aws:s3:::[a-z0-9.-]+\/\*$/);
        } else {
          expect(s.Condition.StringEquals['aws:PrincipalAccount']).toBe(config.environment.account);
        }
      }
    }
  });
});

test('Prod logs DNS queries to a KMS-encrypted log group (network.resolverQueryLogging)', () => {
  const template = stackTemplate('Prod', 'Network');
  const { account, region } = exampleConfig('prod').environment;
  const configs = Object.entries(template.findResources('AWS::Route53Resolver::ResolverQueryLoggingConfig'));
  expect(configs).toHaveLength(1);
  const [configId, queryLogging] = configs[0];
  // The destination is a log group of this stack ...
  const destination = queryLogging.Properties.DestinationArn;
  expect(destination).toEqual({
    'Fn::Join': ['', [`arn:${PARTITION}:logs:${region}:${account}:log-group:`, { Ref: expect.any(String) }]],
  });
  const group = template.toJSON().Resources[destination['Fn::Join'][1][1].Ref];
  expect(group.Type).toBe('AWS::Logs::LogGroup');
  // ... encrypted with the Foundation logs key.
  expect(group.Properties.KmsKeyId).toEqual(foundationKeyArn('Prod', 'Logs'));
  // The association ties that config to this VPC.
  const vpcs = Object.keys(template.findResources('AWS::EC2::VPC'));
  expect(vpcs).toHaveLength(1);
  expect(
    Object.values(template.findResources('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation')).map(
      (a) => a.Properties,
    ),
  ).toEqual([{ ResolverQueryLogConfigId: { 'Fn::GetAtt': [configId, 'Id'] }, ResourceId: { Ref: vpcs[0] } }]);
});

test('Dev keeps the per-query-billed DNS extras off', () => {
  const template = stackTemplate('Dev', 'Network');
  template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
  template.resourceCountIs('AWS::Route53Resolver::FirewallRuleGroup', 0);
});

describe.each(STAGES)('%s: flow logs reach the log archive', (stage) => {
  const sim = testSimulator();
  const foundation = sim.assembly.stack(`${stage}/Foundation`);
  const archive = sim.assembly
    .resources('AWS::S3::Bucket', (s) => s === foundation)
    .find((b) => b.logicalId.startsWith('LogArchiveBucket'))!;
  const { account, region, partition } = foundation;
  // What log delivery presents for a flow log of this account (VPC User Guide, "Flow logs: S3 bucket permissions").
  const put = (key: string) =>
    sim.simulate({
      principal: 'delivery.logs.amazonaws.com',
      action: 's3:PutObject',
      resource: `${sim.assembly.arn(archive)}/${key}`,
      context: {
        'aws:SourceAccount': account,
        'aws:SourceArn': `arn:${partition}:logs:${region}:${account}:*`,
        's3:x-amz-acl': 'bucket-owner-full-control',
        'aws:SecureTransport': 'true',
      },
    });

  test('the Hive-compatible layout that DestinationOptions selects is allowed', async () => {
    const key = `vpc-flow-logs/AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/year=2026/month=01/day=01/hour=00/f.log.parquet`;
    expect((await put(key)).decision).toBe('Allowed');
  });

  test('the plain layout written when the options are ignored is not allowed', async () => {
    const key = `vpc-flow-logs/AWSLogs/${account}/vpcflowlogs/${region}/2026/01/01/f.log.gz`;
    expect((await put(key)).decision).toBe('ImplicitlyDenied');
  });
});
