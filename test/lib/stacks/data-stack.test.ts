import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig } from '../../support/config';
import { ALLOW_ALL } from '../../support/simulator';
import {
  foundationKeyArn,
  foundationReference,
  STAGES,
  stackTemplate,
  testSimulator,
} from '../../support/assembly';
import { nonEmpty } from '../../support/non-empty';
import { secretPerimeterStatements } from '../../support/secret-perimeter';

const PARTITION = 'aws';

/** The example config of a stage, as the app loaded it. */
const configOf = (stage: string) => exampleConfig(stage.toLowerCase() as 'dev' | 'prod');

/** How a stack of `stage` refers to the security topic (the Foundation output of its ARN). */
const securityTopicArn = (stage: (typeof STAGES)[number]) => {
  const topics = Object.keys(stackTemplate(stage, 'Foundation').findResources('AWS::SNS::Topic'));
  expect(topics).toHaveLength(1);
  return foundationReference(stage, { Ref: topics[0] });
};

describe.each(STAGES)('%s/Data', (stage) => {
  const template = stackTemplate(stage, 'Data');
  const config = configOf(stage);
  const env = stage.toLowerCase();

  test('the database uses the configured instance class', () => {
    template.allResourcesProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: `db.${config.data.database.instanceClass}`,
    });
  });

  test('the database has a reader only when configured', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', config.data.database.reader ? 2 : 1);
  });

  test('storage and Performance Insights are encrypted with the Foundation data key', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      StorageEncrypted: true,
      KmsKeyId: foundationKeyArn(stage, 'Data'),
      PerformanceInsightsKmsKeyId: foundationKeyArn(stage, 'Data'),
    });
  });

  test('the database sits in the data tier behind the data-tier security group only', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      VpcSecurityGroupIds: [
        {
          'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('DataSecurityGroup') }),
        },
      ],
    });
    const [subnetGroup] = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'));
    const subnets = JSON.stringify(subnetGroup.Properties.SubnetIds);
    expect(subnets).toMatch(/dataSubnet/);
    expect(subnets).not.toMatch(/appSubnet|publicSubnet/);
  });

  test('backup retention of the cluster follows the config', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      BackupRetentionPeriod: config.data.database.backupRetentionDays,
    });
  });

  test('the master credentials rotate on the configured schedule', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
      RotationRules: { ScheduleExpression: `rate(${config.data.database.credentialRotationDays} days)` },
    });
  });

  test('the hosted rotation function runs in the app tier, which reaches the database and the endpoints', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({
        VpcSecurityGroupIds: {
          'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('AppSecurityGroup') }),
        },
      }),
    });
  });

  test('every configured API key is a rotated secret with its own rotation function', () => {
    for (const key of config.data.apiKeys) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `security-baseline/${env}/api-keys/${key.name}`,
      });
    }
    const custom = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule')).filter(
      (r) => r.Properties.RotationLambdaARN,
    );
    expect(custom).toHaveLength(config.data.apiKeys.length);
    for (const schedule of custom) {
      expect(schedule.Properties.RotationRules.ScheduleExpression).toMatch(/^rate\(\d+ days\)$/);
    }
  });

  test('every secret is encrypted with the Foundation secrets key', () => {
    template.allResourcesProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: foundationKeyArn(stage, 'Secrets'),
    });
  });

  test('every secret has the account-only, TLS-only resource policy', () => {
    const secrets = nonEmpty(
      Object.keys(template.findResources('AWS::SecretsManager::Secret')),
      'AWS::SecretsManager::Secret in the template',
    );
    const policies = Object.values(template.findResources('AWS::SecretsManager::ResourcePolicy'));
    for (const id of secrets) {
      const policy = policies.find((p) => p.Properties.SecretId.Ref === id);
      expect(policy).toBeDefined();
      const statements = policy!.Properties.ResourcePolicy.Statement;
      expect(statements).toEqual(
        expect.arrayContaining(secretPerimeterStatements(config.environment.account)),
      );
    }
  });

  // Even a principal with every IAM permission is refused by the secret's own policy: from another account, or
  // without TLS. The context is what AWS sets for every IAM principal's request (aws:PrincipalAccount,
  // aws:PrincipalIsAWSService, aws:SecureTransport).
  describe('GetSecretValue on each secret (simulated, admin identity policy)', () => {
    const sim = testSimulator();
    const secrets = sim.assembly.resources(
      'AWS::SecretsManager::Secret',
      (s) => s.displayName === `${stage}/Data`,
    );
    const getSecretValue = (secretArn: string, callerAccount: string, secureTransport: 'true' | 'false') =>
      sim.simulate(
        {
          principal: `arn:${PARTITION}:iam::${callerAccount}:role/admin`,
          action: 'secretsmanager:GetSecretValue',
          resource: secretArn,
          context: {
            'aws:PrincipalAccount': callerAccount,
            'aws:PrincipalIsAWSService': 'false',
            'aws:SecureTransport': secureTransport,
          },
        },
        { identityPolicies: ALLOW_ALL },
      );

    test('finds the secrets of the stack', () => {
      expect(secrets.length).toBe(Object.keys(template.findResources('AWS::SecretsManager::Secret')).length);
      nonEmpty(secrets, 'secret');
    });

    test('this account over TLS: allowed', async () => {
      for (const secret of secrets) {
        const outcome = await getSecretValue(sim.assembly.arn(secret), config.environment.account, 'true');
        expect({ secret: secret.logicalId, decision: outcome.decision }).toEqual({
          secret: secret.logicalId,
          decision: 'Allowed',
        });
      }
    });

    test('another account: explicitly denied by DenyPrincipalsOutsideThisAccount', async () => {
      for (const secret of secrets) {
        const outcome = await getSecretValue(sim.assembly.arn(secret), '999999999999', 'true');
        expect({ secret: secret.logicalId, decision: outcome.decision, sid: outcome.sid }).toEqual({
          secret: secret.logicalId,
          decision: 'ExplicitlyDenied',
          sid: 'DenyPrincipalsOutsideThisAccount',
        });
      }
    });

    test('this account without TLS: explicitly denied by DenyRequestsWithoutTls', async () => {
      for (const secret of secrets) {
        const outcome = await getSecretValue(sim.assembly.arn(secret), config.environment.account, 'false');
        expect({ secret: secret.logicalId, decision: outcome.decision, sid: outcome.sid }).toEqual({
          secret: secret.logicalId,
          decision: 'ExplicitlyDenied',
          sid: 'DenyRequestsWithoutTls',
        });
      }
    });
  });

  test('the vault is encrypted with the Foundation backup key and locked as configured', () => {
    const lock = config.data.backup.vaultLock;
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: `security-baseline-${env}-primary`,
      EncryptionKeyArn: foundationKeyArn(stage, 'Backup'),
      LockConfiguration: {
        MinRetentionDays: lock.minRetentionDays,
        MaxRetentionDays: lock.maxRetentionDays,
        ChangeableForDays: lock.mode === 'compliance' ? lock.changeableForDays : Match.absent(),
      },
    });
  });

  test('every backup rule copies to the vault of the DataBackupCopy stack in the backup region', () => {
    const [plan] = Object.values(template.findResources('AWS::Backup::BackupPlan'));
    const rules = plan.Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: { RuleName: string }) => r.RuleName)).toEqual(['Daily', 'Weekly', 'Monthly']);
    for (const rule of rules) {
      expect(rule.CopyActions).toEqual([
        {
          DestinationBackupVaultArn: `arn:aws:backup:${config.environment.backupRegion}:${config.environment.account}:backup-vault:security-baseline-${env}-copy`,
          Lifecycle: rule.Lifecycle,
        },
      ]);
    }
  });

  test('the daily rule keeps continuous backups for the configured days', () => {
    const [plan] = Object.values(template.findResources('AWS::Backup::BackupPlan'));
    expect(plan.Properties.BackupPlan.BackupPlanRule[0]).toMatchObject({
      RuleName: 'Daily',
      EnableContinuousBackup: true,
      Lifecycle: { DeleteAfterDays: config.data.backup.dailyRetentionDays },
    });
  });

  test('the database is selected explicitly, and tagged resources too', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [
          {
            'Fn::Join': [
              '',
              [Match.stringLikeRegexp(':cluster:$'), { Ref: Match.stringLikeRegexp('DatabaseCluster') }],
            ],
          },
        ],
        ListOfTags: [{ ConditionKey: 'backup', ConditionType: 'STRINGEQUALS', ConditionValue: 'true' }],
      }),
    });
  });

  test('the database is restored on the configured schedule and validated', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: config.data.backup.restoreTesting.scheduleExpression,
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'Aurora',
      ValidationWindowHours: config.data.backup.restoreTesting.validationWindowHours,
    });
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('every API key has a bootstrap-placeholder alarm that notifies the Foundation security topic', () => {
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'BootstrapPlaceholderOverdue' },
      }),
    );
    expect(alarms.map((a) => a.Properties.Dimensions[0].Value).sort()).toEqual(
      config.data.apiKeys.map((k: { name: string }) => `security-baseline/${env}/api-keys/${k.name}`).sort(),
    );
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([
        {
          'Fn::GetStackOutput': expect.objectContaining({
            StackName: `${stage}-Foundation`,
            OutputName: expect.stringMatching(/SecurityTopic/),
          }),
        },
      ]);
    }
  });

  test('API key rotation never runs because a deploy changed the schedule', () => {
    const schedules = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule')).filter(
      (s) => s.Properties.RotationLambdaARN !== undefined,
    );
    expect(schedules).toHaveLength(config.data.apiKeys.length);
    for (const s of schedules) expect(s.Properties.RotateImmediatelyOnUpdate).toBe(false);
  });

  test('failed restore validations reach the security topic', () => {
    const machines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).filter((id) =>
      id.startsWith('RestoreTestingValidation'),
    );
    expect(machines).toHaveLength(1);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      r.Properties.EventPattern?.source?.includes('aws.states'),
    );
    expect(rules).toHaveLength(1);
    // Step Functions' execution status change event (Step Functions Developer Guide, "Automating Step
    // Functions event delivery with EventBridge"): every unsuccessful end of the validation machine.
    expect(rules[0].Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: machines[0] }] },
    });
    expect(rules[0].Properties.State).toBe('ENABLED');
    expect(rules[0].Properties.Targets.map((t: { Arn: unknown }) => t.Arn)).toEqual([
      securityTopicArn(stage),
    ]);
  });

  test('backup, copy and restore job failures are routed once, by the Audit stack', () => {
    const audit = stackTemplate(stage, 'Audit');
    const backupRules = Object.values(audit.findResources('AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.EventPattern).includes('aws.backup'),
    );
    expect(backupRules).toHaveLength(1);
    expect(JSON.stringify(backupRules[0].Properties.Targets)).toContain('SecurityTopic');
    // The Data stack's only backup rule starts the restore validation; none notifies the topic.
    const dataBackupRules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      // (schedule rules, e.g. the placeholder checks, have no event pattern)
      JSON.stringify(r.Properties.EventPattern ?? {}).includes('aws.backup'),
    );
    for (const r of dataBackupRules)
      expect(JSON.stringify(r.Properties.Targets)).not.toContain('SecurityTopic');
  });
});

describe.each(STAGES)('%s/DataBackupCopy', (stage) => {
  const template = stackTemplate(stage, 'DataBackupCopy');
  const config = configOf(stage);
  const env = stage.toLowerCase();

  test('has its own backup key, rotated and retained', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        PendingWindowInDays: config.keys.pendingWindowDays,
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/security-baseline/${env}/backup` });
  });

  test('the key is used for this account through AWS Backup (and RDS copies) of the backup region only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughBackupOnly',
            Condition: {
              StringEquals: { 'kms:CallerAccount': config.environment.account },
              'ForAnyValue:StringEquals': {
                'kms:ViaService': [
                  `backup.${config.environment.backupRegion}.amazonaws.com`,
                  `rds.${config.environment.backupRegion}.amazonaws.com`,
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  test('the copy vault has the fixed name the Data stack copies to, the same lock, and is retained', () => {
    const lock = config.data.backup.vaultLock;
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({
        BackupVaultName: `security-baseline-${env}-copy`,
        LockConfiguration: {
          MinRetentionDays: lock.minRetentionDays,
          MaxRetentionDays: lock.maxRetentionDays,
          ChangeableForDays: lock.mode === 'compliance' ? lock.changeableForDays : Match.absent(),
        },
        AccessPolicy: Match.objectLike({
          Statement: [
            Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) }),
          ],
        }),
      }),
      DeletionPolicy: 'Retain',
    });
  });
});

describe('environment differences', () => {
  test('prod locks its vaults in compliance mode, dev in governance mode', () => {
    const lockOf = (stage: string, stack: string) =>
      Object.values(stackTemplate(stage, stack).findResources('AWS::Backup::BackupVault'))[0].Properties
        .LockConfiguration;
    for (const stack of ['Data', 'DataBackupCopy']) {
      expect(lockOf('Prod', stack).ChangeableForDays).toBeGreaterThanOrEqual(3);
      expect(lockOf('Dev', stack).ChangeableForDays).toBeUndefined();
    }
  });

  test('prod keeps 35 days of point-in-time recovery and has a reader; dev is small', () => {
    const prod = stackTemplate('Prod', 'Data');
    prod.hasResourceProperties('AWS::RDS::DBCluster', { BackupRetentionPeriod: 35 });
    prod.resourceCountIs('AWS::RDS::DBInstance', 2);
    const dev = stackTemplate('Dev', 'Data');
    dev.resourceCountIs('AWS::RDS::DBInstance', 1);
    dev.allResourcesProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.t4g.medium' });
  });
});

describe.each(STAGES)('%s/Network data tier', (stage) => {
  test('only the app-tier security group reaches the database port', () => {
    const network = stackTemplate(stage, 'Network');
    const config = configOf(stage);
    const groups = network.findResources('AWS::EC2::SecurityGroup');
    const dataGroupId = Object.keys(groups).find((id) => id.includes('DataSecurityGroup'))!;
    const appGroupId = Object.keys(groups).find((id) => id.includes('AppSecurityGroup'))!;
    const inline = groups[dataGroupId].Properties.SecurityGroupIngress ?? [];
    const separate = Object.values(network.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes(dataGroupId));
    const ingress = [...inline, ...separate];
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule.SourceSecurityGroupId).toEqual({ 'Fn::GetAtt': [appGroupId, 'GroupId'] });
      expect(rule.CidrIp).toBeUndefined();
    }
    expect(ingress.map((r) => r.FromPort)).toContain(config.data.database.port);
  });
});
