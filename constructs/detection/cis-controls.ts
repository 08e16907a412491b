/**
 * The CIS AWS Foundations Benchmark v3.0.0 section 4 ("Monitoring") controls: pure data with no CDK
 * import, so config validation can read the keys without loading aws-cdk-lib.
 */

/** One CIS AWS Foundations v3.0.0 section 4 control: a metric filter on the CloudTrail log group, and its alarm. */
export interface CisControl {
  /** CIS recommendation number, '4.1' .. '4.15'. */
  readonly id: string;
  /** camelCase key used in configuration (to disable or tune one control) and in construct ids. */
  readonly key: string;
  /** CloudWatch metric name the filter publishes to. */
  readonly metricName: string;
  /** CIS recommendation title. */
  readonly title: string;
  /** Alarm description: what happened and what the responder should check. */
  readonly description: string;
  /** CloudWatch Logs JSON filter pattern, as CIS v3.0.0 section 4 gives it (see the note on 4.1). */
  readonly pattern: string;
}

export const CIS_CONTROLS: readonly CisControl[] = [
  {
    id: '4.1',
    key: 'unauthorizedApiCalls',
    metricName: 'UnauthorizedApiCalls',
    title: 'Ensure unauthorized API calls are monitored',
    description:
      'CIS 4.1: API calls were refused with an UnauthorizedOperation or AccessDenied error. Check in CloudTrail ' +
      'which principal (userIdentity.arn), source IP and actions were denied: a burst from one principal can be ' +
      'stolen credentials probing permissions; a steady trickle is usually a mis-scoped role or pipeline.',
    // CIS v3.0.0 prints this pattern without the outer parentheses around the two errorCode terms, which under
    // the documented precedence (&& before ||) would exempt only AccessDenied* from the two exclusions. The
    // parenthesised form below is the evident intent: both error kinds, minus S3 log-delivery and HeadBucket noise.
    pattern:
      '{(($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ' +
      '($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")}',
  },
  {
    id: '4.2',
    key: 'consoleSignInWithoutMfa',
    metricName: 'ConsoleSignInWithoutMfa',
    title: 'Ensure management console sign-in without MFA is monitored',
    description:
      'CIS 4.2: an IAM user signed in to the AWS console successfully without MFA. Check which user ' +
      '(userIdentity.arn) and from which source IP; confirm with the user, enforce an MFA device on the user ' +
      'and rotate the password if the sign-in was not theirs.',
    // The CIS variant restricted to IAM users and successful sign-ins (CIS offers it to avoid SSO false positives).
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ' +
      '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: '4.3',
    key: 'rootAccountUsage',
    metricName: 'RootAccountUsage',
    title: 'Ensure usage of the "root" account is monitored',
    description:
      'CIS 4.3: the root user signed in or made an API call (not on behalf of an AWS service). Check in ' +
      'CloudTrail what was done (eventName), from which source IP, and whether it was a planned, approved ' +
      'root task; if not, treat it as an account compromise: secure the root credentials and MFA now.',
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: '4.4',
    key: 'iamPolicyChanges',
    metricName: 'IamPolicyChanges',
    title: 'Ensure IAM policy changes are monitored',
    description:
      'CIS 4.4: an IAM policy was created, changed, deleted, attached or detached. Check in CloudTrail who ' +
      'made the change, which policy and which user, group or role (requestParameters), and whether it went ' +
      'through the normal deployment pipeline; review the new permissions for privilege escalation.',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||' +
      '($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||' +
      '($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||' +
      '($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||' +
      '($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||' +
      '($.eventName=DetachGroupPolicy)}',
  },
  {
    id: '4.5',
    key: 'cloudTrailConfigChanges',
    metricName: 'CloudTrailConfigChanges',
    title: 'Ensure CloudTrail configuration changes are monitored',
    description:
      'CIS 4.5: a CloudTrail trail was created, updated or deleted, or its logging was started or stopped. ' +
      'Check who did it and which trail (requestParameters.name); a StopLogging or DeleteTrail outside a ' +
      'planned change is a classic step to hide activity: re-enable logging and investigate the principal.',
    pattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ' +
      '($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  {
    id: '4.6',
    key: 'consoleAuthenticationFailures',
    metricName: 'ConsoleAuthenticationFailures',
    title: 'Ensure AWS Management Console authentication failures are monitored',
    description:
      'CIS 4.6: console sign-ins failed authentication. Check which user names (userIdentity) and source IPs ' +
      'failed and how often: many failures for one user suggest password guessing, many users from one IP ' +
      'suggest credential stuffing; lock or reset the affected users if needed.',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: '4.7',
    key: 'cmkDisableOrDeletion',
    metricName: 'CmkDisableOrScheduledDeletion',
    title: 'Ensure disabling or scheduled deletion of customer created CMKs is monitored',
    description:
      'CIS 4.7: a KMS key was disabled or scheduled for deletion. Check which key (requestParameters.keyId) ' +
      'and who did it; data encrypted under the key becomes unreadable. If unplanned, re-enable the key or ' +
      'cancel the deletion (CancelKeyDeletion) within the pending window.',
    pattern:
      '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  },
  {
    id: '4.8',
    key: 's3BucketPolicyChanges',
    metricName: 'S3BucketPolicyChanges',
    title: 'Ensure S3 bucket policy changes are monitored',
    description:
      'CIS 4.8: an S3 bucket policy, ACL, CORS, lifecycle or replication configuration was changed or ' +
      'deleted. Check which bucket (requestParameters.bucketName) and who did it; review the new policy or ' +
      'ACL for public or cross-account access and the replication target for exfiltration.',
    pattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ' +
      '($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ' +
      '($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ' +
      '($.eventName = DeleteBucketReplication)) }',
  },
  {
    id: '4.9',
    key: 'awsConfigChanges',
    metricName: 'AwsConfigChanges',
    title: 'Ensure AWS Config configuration changes are monitored',
    description:
      'CIS 4.9: the AWS Config recorder was stopped or changed, or the delivery channel was changed or ' +
      'deleted. Check who did it; while the recorder is off, configuration changes go unrecorded and Config ' +
      'rules stop evaluating. Restart the recorder and restore the delivery channel if unplanned.',
    pattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||' +
      '($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  },
  {
    id: '4.10',
    key: 'securityGroupChanges',
    metricName: 'SecurityGroupChanges',
    title: 'Ensure security group changes are monitored',
    description:
      'CIS 4.10: a security group was created or deleted, or an ingress/egress rule was added or revoked. ' +
      'Check which group (requestParameters.groupId), which rules and who did it; look for rules open to ' +
      '0.0.0.0/0 or ::/0 and changes made outside the deployment pipeline.',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ' +
      '($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ' +
      '($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    id: '4.11',
    key: 'naclChanges',
    metricName: 'NaclChanges',
    title: 'Ensure Network Access Control Lists (NACL) changes are monitored',
    description:
      'CIS 4.11: a network ACL or one of its entries or subnet associations was created, replaced or ' +
      'deleted. Check which NACL (requestParameters.networkAclId), which entries and who did it; look for ' +
      'allow rules opening subnets to the internet.',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ' +
      '($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ' +
      '($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    id: '4.12',
    key: 'networkGatewayChanges',
    metricName: 'NetworkGatewayChanges',
    title: 'Ensure changes to network gateways are monitored',
    description:
      'CIS 4.12: an internet or customer gateway was created, deleted, attached or detached. Check which ' +
      'gateway and VPC and who did it; a new internet gateway on a private VPC opens a path to the internet.',
    pattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ' +
      '($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ' +
      '($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  },
  {
    id: '4.13',
    key: 'routeTableChanges',
    metricName: 'RouteTableChanges',
    title: 'Ensure route table changes are monitored',
    description:
      'CIS 4.13: a route table, route or route table association was created, replaced, deleted or ' +
      'disassociated. Check which route table (requestParameters.routeTableId), which destination and ' +
      'target and who did it; look for traffic redirected through unexpected gateways or peers.',
    pattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ' +
      '($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ' +
      '($.eventName = DisassociateRouteTable) }',
  },
  {
    id: '4.14',
    key: 'vpcChanges',
    metricName: 'VpcChanges',
    title: 'Ensure VPC changes are monitored',
    description:
      'CIS 4.14: a VPC was created, deleted or modified, or a VPC peering connection was requested, ' +
      'accepted, rejected or deleted (or ClassicLink changed). Check which VPC or peering and who did it; ' +
      'an unexpected peering to another account is a path for lateral movement or exfiltration.',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ' +
      '($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ' +
      '($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ' +
      '($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ' +
      '($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    id: '4.15',
    key: 'organizationsChanges',
    metricName: 'OrganizationsChanges',
    title: 'Ensure AWS Organizations changes are monitored',
    description:
      'CIS 4.15: the AWS Organization was changed: accounts invited, created, moved or removed, OUs or ' +
      'policies (SCPs) created, attached, detached or changed, or policy types enabled or disabled. Check ' +
      'who did it and what changed (requestParameters); a detached or weakened SCP removes guardrails org-wide.',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ' +
      '($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ' +
      '($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ' +
      '($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ' +
      '($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ' +
      '($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ' +
      '($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ' +
      '($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];
