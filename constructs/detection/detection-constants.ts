/** Plain constants shared by the detection constructs and config validation (no CDK imports). */

/** Security Hub standards this construct can enable, with the ARN path of each. */
export const SECURITY_HUB_STANDARDS = {
  fsbp: 'aws-foundational-security-best-practices/v/1.0.0',
  'cis-3.0': 'cis-aws-foundations-benchmark/v/3.0.0',
  'nist-800-53-r5': 'nist-800-53/v/5.0.0',
  'pci-dss-4.0.1': 'pci-dss/v/4.0.1',
} as const;
export type SecurityHubStandard = keyof typeof SECURITY_HUB_STANDARDS;

/** The shortest reason accepted for turning a control off, as for cdk-nag acknowledgments. */
export const MIN_DISABLE_REASON_LENGTH = 25;

/** The baseline's floor for audit logs: the shortest Object Lock retention this construct accepts. */
export const MIN_TRAIL_RETENTION_DAYS = 365;

/** GuardDuty protection plans; each is a detector feature. */
export interface GuardDutyProtectionPlans {
  /** S3 Protection: S3 data-plane events. @default true */
  readonly s3DataEvents?: boolean;
  /** EKS Protection: Kubernetes audit logs. @default true */
  readonly eksAuditLogs?: boolean;
  /** Runtime Monitoring for EKS, ECS Fargate and EC2, with GuardDuty managing the security agent. @default true */
  readonly runtimeMonitoring?: boolean;
  /** Malware Protection for EC2: scans EBS volumes of instances with suspicious findings. @default true */
  readonly ebsMalwareProtection?: boolean;
  /** RDS Protection: Aurora and RDS login activity. @default true */
  readonly rdsLoginEvents?: boolean;
  /** Lambda Protection: network activity of Lambda functions. @default true */
  readonly lambdaNetworkActivity?: boolean;
}

/** GuardDuty feature name (detector and organization configuration) of each protection plan. */
export const GUARDDUTY_FEATURE_NAMES: Record<keyof GuardDutyProtectionPlans, string> = {
  s3DataEvents: 'S3_DATA_EVENTS',
  eksAuditLogs: 'EKS_AUDIT_LOGS',
  runtimeMonitoring: 'RUNTIME_MONITORING',
  ebsMalwareProtection: 'EBS_MALWARE_PROTECTION',
  rdsLoginEvents: 'RDS_LOGIN_EVENTS',
  lambdaNetworkActivity: 'LAMBDA_NETWORK_LOGS',
};
