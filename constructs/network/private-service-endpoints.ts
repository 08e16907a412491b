import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  INTERFACE_ENDPOINT_SERVICES,
  type InterfaceEndpointService,
  isInterfaceEndpointService,
} from './endpoint-services';

export interface PrivateServiceEndpointsProps {
  readonly vpc: ec2.IVpc;
  /** CIDR of the VPC: the only source the endpoints accept HTTPS from. */
  readonly vpcCidr: string;
  /** Subnets that hold the interface endpoints' network interfaces (one per zone). */
  readonly endpointSubnets: ec2.SubnetSelection;
  /** Subnets whose route tables get the S3 and DynamoDB gateway endpoints. */
  readonly gatewaySubnets: ec2.SubnetSelection[];
  /** Short service names (`com.amazonaws.<region>.<name>`), each one of INTERFACE_ENDPOINT_SERVICES. */
  readonly interfaceEndpoints: readonly string[];
}

/**
 * Private, TLS-only paths to AWS services: S3 and DynamoDB gateway endpoints plus one interface endpoint
 * per listed service, with private DNS so SDKs use them without configuration. One security group admits
 * HTTPS from the VPC CIDR only. Every endpoint policy limits use to principals AND resources of this
 * account (`aws:PrincipalAccount`, `aws:ResourceAccount`): credentials brought from another account, or
 * requests to another account's buckets, tables, keys or secrets, are refused at the endpoint. The few
 * AWS-owned resources that workloads need (ECR image layers, Amazon Linux repositories, SSM public
 * parameters, CloudFormation response buckets) are allowed explicitly and read-only where possible.
 */
export class PrivateServiceEndpoints extends Construct {
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly s3: ec2.GatewayVpcEndpoint;
  public readonly dynamoDb: ec2.GatewayVpcEndpoint;
  /** Interface endpoints by short service name. */
  public readonly interfaceEndpoints: Readonly<Record<string, ec2.InterfaceVpcEndpoint>>;

  constructor(scope: Construct, id: string, props: PrivateServiceEndpointsProps) {
    super(scope, id);
    const unknown = props.interfaceEndpoints.filter((n) => !isInterfaceEndpointService(n));
    if (unknown.length) {
      throw new Error(
        `PrivateServiceEndpoints ${this.node.path}: unknown interface endpoint service ${unknown.map((n) => `'${n}'`).join(', ')}; use names from ${INTERFACE_ENDPOINT_SERVICES.join(', ')}`,
      );
    }
    const duplicates = props.interfaceEndpoints.filter((n, i) => props.interfaceEndpoints.indexOf(n) !== i);
    if (duplicates.length) {
      throw new Error(
        `PrivateServiceEndpoints ${this.node.path}: interface endpoint ${duplicates.map((n) => `'${n}'`).join(', ')} listed twice`,
      );
    }
    const { account, region, partition } = Stack.of(this);
    const thisAccount = { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account };

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Interface VPC endpoints: HTTPS from the VPC CIDR only',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(
      ec2.Peer.ipv4(props.vpcCidr),
      ec2.Port.tcp(443),
      'HTTPS from workloads in this VPC',
    );

    const accountOnly = () =>
      new iam.PolicyStatement({
        sid: 'ThisAccountPrincipalsToThisAccountResources',
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        resources: ['*'],
        conditions: { StringEquals: thisAccount },
      });

    this.s3 = new ec2.GatewayVpcEndpoint(this, 'S3', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: props.gatewaySubnets,
    });
    this.s3.addToPolicy(accountOnly());
    const regionNoDashes = Token.isUnresolved(region)
      ? Fn.join('', Fn.split('-', region))
      : region.replace(/-/g, '');
    const s3Objects = (buckets: string[]) => buckets.map((b) => `arn:${partition}:s3:::${b}/*`);
    // Anonymous or service-presigned reads from AWS-owned buckets: ECR image layers, Amazon Linux
    // package repositories, SSM Agent and CloudWatch agent downloads. Read-only, named buckets only.
    this.s3.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAwsOwnedArtifactBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: s3Objects([
          `prod-${region}-starport-layer-bucket`,
          `al2023-repos-${region}-de612dc2`,
          `amazonlinux-2-repos-${region}`,
          `amazon-ssm-${region}`,
          `aws-ssm-${region}`,
          `amazoncloudwatch-agent-${region}`,
        ]),
      }),
    );
    // CloudFormation custom resources and wait conditions answer through presigned URLs of AWS-owned buckets.
    this.s3.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AnswerCloudFormationThroughPresignedUrls',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [
          `arn:${partition}:s3:::cloudformation-custom-resource-response-${regionNoDashes}/*`,
          `arn:${partition}:s3:::cloudformation-waitcondition-${region}/*`,
        ],
      }),
    );

    this.dynamoDb = new ec2.GatewayVpcEndpoint(this, 'DynamoDb', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: props.gatewaySubnets,
    });
    this.dynamoDb.addToPolicy(accountOnly());

    const endpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
    for (const name of props.interfaceEndpoints as readonly InterfaceEndpointService[]) {
      const endpoint = new ec2.InterfaceVpcEndpoint(this, endpointId(name), {
        vpc: props.vpc,
        service: new ec2.InterfaceVpcEndpointAwsService(name),
        subnets: props.endpointSubnets,
        privateDnsEnabled: true,
        securityGroups: [this.securityGroup],
        open: false,
      });
      endpoint.addToPolicy(accountOnly());
      for (const statement of serviceExceptions(name, partition, region, account))
        endpoint.addToPolicy(statement);
      endpoints[name] = endpoint;
    }
    this.interfaceEndpoints = endpoints;
  }
}

/** `ecr.dkr` -> `EcrDkr`, `kinesis-streams` -> `KinesisStreams`: stable construct ids. */
function endpointId(name: string): string {
  return name
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/**
 * Calls a service needs that do not name a resource of this account. Each is limited to this
 * account's principals and to the exact actions and AWS-owned resources involved.
 */
function serviceExceptions(
  name: InterfaceEndpointService,
  partition: string,
  region: string,
  account: string,
): iam.PolicyStatement[] {
  const fromThisAccount = { StringEquals: { 'aws:PrincipalAccount': account } };
  switch (name) {
    case 'ecr.api':
      // The registry token is issued by ECR itself; the call has no resource of this account.
      return [
        new iam.PolicyStatement({
          sid: 'RegistryTokenForThisAccount',
          principals: [new iam.AnyPrincipal()],
          actions: ['ecr:GetAuthorizationToken'],
          resources: ['*'],
          conditions: fromThisAccount,
        }),
      ];
    case 'ssm':
      // AWS-owned public parameters (e.g. latest AMI ids) and AWS-owned SSM documents.
      return [
        new iam.PolicyStatement({
          sid: 'ReadAwsOwnedParametersAndDocuments',
          principals: [new iam.AnyPrincipal()],
          actions: [
            'ssm:GetParameter',
            'ssm:GetParameters',
            'ssm:GetParametersByPath',
            'ssm:GetDocument',
            'ssm:DescribeDocument',
          ],
          resources: [
            `arn:${partition}:ssm:${region}::parameter/aws/*`,
            `arn:${partition}:ssm:${region}::document/*`,
          ],
          conditions: fromThisAccount,
        }),
      ];
    default:
      return [];
  }
}
