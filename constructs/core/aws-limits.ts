/**
 * Commercial and GovCloud regions this baseline can target, with the number of availability zones
 * an account can use in each. Offline synth cannot look these up, so config validation uses this
 * table to reject unknown regions and more AZs than a region has.
 */
export const REGION_AZ_COUNT: Readonly<Record<string, number>> = {
  'us-east-1': 6,
  'us-east-2': 3,
  'us-west-1': 2,
  'us-west-2': 4,
  'af-south-1': 3,
  'ap-east-1': 3,
  'ap-east-2': 3,
  'ap-south-1': 3,
  'ap-south-2': 3,
  'ap-southeast-1': 3,
  'ap-southeast-2': 3,
  'ap-southeast-3': 3,
  'ap-southeast-4': 3,
  'ap-southeast-5': 3,
  'ap-southeast-7': 3,
  'ap-northeast-1': 3,
  'ap-northeast-2': 4,
  'ap-northeast-3': 3,
  'ca-central-1': 3,
  'ca-west-1': 3,
  'eu-central-1': 3,
  'eu-central-2': 3,
  'eu-west-1': 3,
  'eu-west-2': 3,
  'eu-west-3': 3,
  'eu-south-1': 3,
  'eu-south-2': 3,
  'eu-north-1': 3,
  'il-central-1': 3,
  'me-south-1': 3,
  'me-central-1': 3,
  'mx-central-1': 3,
  'sa-east-1': 3,
  'us-gov-west-1': 3,
  'us-gov-east-1': 3,
};

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
