import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { BackupSchedule, type BackupScheduleProps } from '../../../constructs/backup/backup-schedule';

const PARTITION = 'aws';
const COPY_VAULT_ARN = `arn:${PARTITION}:backup:eu-central-1:111111111111:backup-vault:copy-vault`;
const CLUSTER_ARN = `arn:${PARTITION}:rds:eu-west-1:111111111111:cluster:orders-db`;

function scheduleTemplate(overrides: Partial<BackupScheduleProps> = {}): Template {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  new BackupSchedule(stack, 'Backups', {
    backupPlanName: 'orders',
    vault: new backup.BackupVault(stack, 'Vault'),
    copyVaultArn: COPY_VAULT_ARN,
    dailyRetentionDays: 35,
    weeklyRetentionDays: 90,
    monthlyRetentionDays: 365,
    resources: [backup.BackupResource.fromArn(CLUSTER_ARN)],
    ...overrides,
  });
  return Template.fromStack(stack);
}

function rules(template: Template): any[] {
  const [plan] = Object.values(template.findResources('AWS::Backup::BackupPlan'));
  return plan.Properties.BackupPlan.BackupPlanRule;
}

describe('BackupSchedule', () => {
  const template = scheduleTemplate();

  test('has daily, weekly and monthly rules with the configured retention', () => {
    expect(
      rules(template).map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays]),
    ).toEqual([
      ['Daily', 'cron(0 3 * * ? *)', 35],
      ['Weekly', 'cron(0 4 ? * SUN *)', 90],
      ['Monthly', 'cron(0 5 1 * ? *)', 365],
    ]);
  });

  test('keeps continuous backups (point-in-time recovery) in the daily rule', () => {
    expect(rules(template).map((r) => r.EnableContinuousBackup)).toEqual([true, undefined, undefined]);
  });

  test('copies every recovery point to the second-region vault with the same retention', () => {
    for (const rule of rules(template)) {
      expect(rule.CopyActions).toEqual([
        {
          DestinationBackupVaultArn: COPY_VAULT_ARN,
          Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays },
        },
      ]);
    }
  });

  test('selects the given resources explicitly plus everything tagged backup=true', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [CLUSTER_ARN],
        ListOfTags: [{ ConditionKey: 'backup', ConditionType: 'STRINGEQUALS', ConditionValue: 'true' }],
      }),
    });
  });

  test('its role has the AWS Backup service policies and no restore permissions', () => {
    const [selection] = Object.values(template.findResources('AWS::Backup::BackupSelection'));
    const roleId = selection.Properties.BackupSelection.IamRoleArn['Fn::GetAtt'][0];
    const role = template.toJSON().Resources[roleId];
    const awsManaged = (path: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${path}`]],
    });
    // The two policies AWS Backup documents for its service role (the S3 one is not under service-role/).
    expect(role.Properties.ManagedPolicyArns).toEqual([
      awsManaged('service-role/AWSBackupServiceRolePolicyForBackup'),
      awsManaged('AWSBackupServiceRolePolicyForS3Backup'),
    ]);
    expect(role.Properties.Policies).toBeUndefined();
    // A ManagedPolicyRole's grants land in an AWS::IAM::ManagedPolicy that names the role in `Roles`.
    for (const type of ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']) {
      const attached = Object.keys(template.findResources(type)).filter((id) =>
        JSON.stringify(template.toJSON().Resources[id].Properties.Roles ?? []).includes(`"${roleId}"`),
      );
      expect({ type, attached }).toEqual({ type, attached: [] });
    }
  });

  test('without continuous backup every rule takes snapshots', () => {
    expect(rules(scheduleTemplate({ continuousBackup: false })).map((r) => r.EnableContinuousBackup)).toEqual(
      [undefined, undefined, undefined],
    );
  });

  test('fails if continuous backups would be kept more than 35 days', () => {
    expect(() => scheduleTemplate({ dailyRetentionDays: 40 })).toThrow(
      /continuous backups can be kept at most 35 days. Received dailyRetentionDays: 40/,
    );
  });

  test('fails if no resource is named explicitly', () => {
    expect(() => scheduleTemplate({ resources: [] })).toThrow(/'resources' must name at least one resource/);
  });
});
