import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';

/** A small environment for data-construct unit tests: a two-zone VPC with app and data tiers and keys. */
export interface DataFixture {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly appSubnets: ec2.SubnetSelection;
  readonly dataSubnets: ec2.SubnetSelection;
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly dataSecurityGroup: ec2.SecurityGroup;
  readonly endpointsSecurityGroup: ec2.SecurityGroup;
  readonly keys: { data: kms.Key; secrets: kms.Key; logs: kms.Key; backup: kms.Key };
}

/** Builds the fixture in a fresh app without Lambda bundling (unit tests are not about bundling). */
export function dataFixture(): DataFixture {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return dataFixtureIn(new Stack(app, 'Fixture', { env: { account: '111111111111', region: 'eu-west-1' } }));
}

/** Builds the fixture into an existing stack (e.g. the one `nagFindingsOf` provides). */
export function dataFixtureIn(stack: Stack): DataFixture {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 0,
    subnetConfiguration: [
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  const key = (id: string) => new kms.Key(stack, id, { enableKeyRotation: true });
  const group = (id: string) => new ec2.SecurityGroup(stack, id, { vpc, allowAllOutbound: false });
  return {
    stack,
    vpc,
    appSubnets: { subnetGroupName: 'app' },
    dataSubnets: { subnetGroupName: 'data' },
    appSecurityGroup: group('AppSg'),
    dataSecurityGroup: group('DataSg'),
    endpointsSecurityGroup: group('EndpointsSg'),
    keys: {
      data: key('DataKey'),
      secrets: key('SecretsKey'),
      logs: key('LogsKey'),
      backup: key('BackupKey'),
    },
  };
}
