/**
 * Estimated monthly cost of one environment's security controls: quantities counted from the synthesized
 * templates (keys, NAT gateways, endpoint AZs, web ACLs and rules, detectors, user pools, ...), multiplied
 * by the list prices and usage assumptions of lib/controls/pricing.ts. Options that are off (Shield
 * Advanced, Bot Control, Cognito Plus) are priced separately so the decision to turn them on is informed.
 */
import { type PriceId, PRICES, USAGE, type UsageKey } from '../controls/pricing';
import type { CfnResource, StackTemplate } from './assembly';
import { readProperty } from './evidence';
import type { CostEstimate, CostLine } from './model';

interface Found {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

interface CostInput {
  readonly stacks: readonly StackTemplate[];
  readonly production: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function line(
  id: string,
  item: string,
  quantity: number,
  price: PriceId,
  controls: readonly string[],
  derivedFrom: string,
  unit?: string,
): CostLine {
  const p = PRICES[price];
  return {
    id,
    service: p.service,
    item,
    quantity: round2(quantity * 1000) / 1000,
    unit: unit ?? p.unit,
    unitPriceUsd: p.usd,
    monthlyUsd: round2(quantity * p.usd),
    controls: [...controls],
    derivedFrom,
    priceSource: `${p.source} (${p.region}, checked ${p.checked})`,
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const count = (n: number, type: string): string => `${n} × ${type}`;

/** Lines and the options not enabled, for one environment. */
export function estimateCost(input: CostInput): CostEstimate {
  const all: Found[] = input.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {}).map(([logicalId, resource]) => ({
      stack,
      logicalId,
      resource,
    })),
  );
  const of = (type: string): Found[] => all.filter((f) => f.resource.Type === type);
  const where = (list: readonly Found[]): string =>
    [...new Set(list.map((f) => f.stack.id))].join(', ') || 'no stack';
  const usage = (key: UsageKey): number =>
    input.production ? USAGE[key].production : USAGE[key].nonProduction;
  const hours = usage('hoursPerMonth');
  const lines: CostLine[] = [];
  const notEnabled: CostLine[] = [];
  /** One line priced per resource of `type`, when the templates have any; returns the resources. */
  const perResource = (
    type: string,
    id: string,
    item: string,
    price: PriceId,
    controls: readonly string[],
  ) => {
    const found = of(type);
    if (found.length) {
      lines.push(
        line(id, item, found.length, price, controls, `${count(found.length, type)} (${where(found)})`),
      );
    }
    return found;
  };

  // KMS -------------------------------------------------------------------------------------------------
  const keys = perResource('AWS::KMS::Key', 'kms-keys', 'Customer managed keys', 'kmsKey', [
    'DP1',
    'DP4',
    'DP7',
  ]);
  if (keys.length) {
    const rotating = keys.filter((k) => readProperty(k.resource, 'EnableKeyRotation') === true);
    if (rotating.length) {
      lines.push(
        line(
          'kms-rotations',
          'Retained rotated key material (steady state: 2 charged rotations per key from the third year)',
          rotating.length * 2,
          'kmsRotation',
          ['DP5'],
          `${plural(rotating.length, 'key')} with EnableKeyRotation x 2`,
        ),
      );
    }
  }

  // Network -----------------------------------------------------------------------------------------------
  const nats = of('AWS::EC2::NatGateway');
  if (nats.length) {
    lines.push(
      line(
        'nat-hours',
        'NAT gateway hours',
        nats.length * hours,
        'natHour',
        ['IS5'],
        `${count(nats.length, 'AWS::EC2::NatGateway')} x ${hours} h`,
      ),
      line(
        'nat-data',
        'NAT gateway data processed',
        nats.length * usage('natGbPerGateway'),
        'natGb',
        ['IS5'],
        `${plural(nats.length, 'gateway')} x assumption natGbPerGateway`,
      ),
    );
  }
  const interfaceEndpoints = of('AWS::EC2::VPCEndpoint').filter(
    (e) => readProperty(e.resource, 'VpcEndpointType') === 'Interface',
  );
  if (interfaceEndpoints.length) {
    const azs = interfaceEndpoints.reduce((sum, e) => {
      const subnets = readProperty(e.resource, 'SubnetIds');
      return sum + (Array.isArray(subnets) ? subnets.length : 1);
    }, 0);
    lines.push(
      line(
        'endpoint-hours',
        'Interface endpoint hours (per AZ)',
        azs * hours,
        'endpointHour',
        ['IS5'],
        `${plural(interfaceEndpoints.length, 'interface endpoint')} in ${azs} endpoint-AZs (SubnetIds) x ${hours} h`,
      ),
      line(
        'endpoint-data',
        'Interface endpoint data processed',
        interfaceEndpoints.length * usage('endpointGbPerEndpoint'),
        'endpointGb',
        ['IS5'],
        `${plural(interfaceEndpoints.length, 'endpoint')} x assumption endpointGbPerEndpoint`,
      ),
    );
  }

  // Edge --------------------------------------------------------------------------------------------------
  const acls = of('AWS::WAFv2::WebACL');
  const shield = [...of('AWS::Shield::Protection'), ...of('AWS::Shield::ProtectionGroup')];
  if (acls.length) {
    const rules = acls.reduce((sum, a) => {
      const r = readProperty(a.resource, 'Rules');
      return sum + (Array.isArray(r) ? r.length : 0);
    }, 0);
    const requests = acls.length * usage('wafMillionRequestsPerWebAcl');
    const wafControls = ['IS2', 'IV7', 'IV8', 'APIS2'];
    lines.push(
      line(
        'waf-acls',
        'Web ACLs',
        acls.length,
        'wafWebAcl',
        wafControls,
        `${count(acls.length, 'AWS::WAFv2::WebACL')} (${where(acls)})`,
      ),
      line(
        'waf-rules',
        'Rules and rule groups',
        rules,
        'wafRule',
        wafControls,
        `${plural(rules, 'rule')} in the web ACLs (Rules)`,
      ),
      line(
        'waf-requests',
        'Requests inspected',
        requests,
        'wafRequests',
        wafControls,
        `${plural(acls.length, 'web ACL')} x assumption wafMillionRequestsPerWebAcl${shield.length ? ' (Shield Advanced covers standard WAF fees of protected resources; not deducted)' : ''}`,
      ),
    );
    const botAcls = acls.filter((a) =>
      JSON.stringify(
        readProperty(a.resource, 'Rules[*].Statement.ManagedRuleGroupStatement.Name') ?? [],
      ).includes('AWSManagedRulesBotControlRuleSet'),
    );
    if (botAcls.length) {
      lines.push(
        line(
          'waf-bot-control',
          'Bot Control subscription',
          botAcls.length,
          'wafBotControl',
          ['IS2', 'APIS8'],
          `${plural(botAcls.length, 'web ACL')} with AWSManagedRulesBotControlRuleSet`,
        ),
        line(
          'waf-bot-control-requests',
          'Bot Control requests analysed',
          botAcls.length * usage('wafMillionRequestsPerWebAcl'),
          'wafBotControlRequests',
          ['IS2', 'APIS8'],
          `${plural(botAcls.length, 'web ACL')} x assumption wafMillionRequestsPerWebAcl`,
        ),
      );
    } else {
      notEnabled.push(
        line(
          'waf-bot-control',
          'Bot Control subscription (per web ACL, plus USD 1 per million requests)',
          1,
          'wafBotControl',
          ['IS2', 'APIS8'],
          'not enabled: no web ACL runs AWSManagedRulesBotControlRuleSet',
        ),
      );
    }
  }
  const shieldLine = line(
    'shield-advanced',
    'Shield Advanced subscription (per organization, 1-year commitment, plus data transfer out fees)',
    1,
    'shieldAdvanced',
    ['IS3'],
    shield.length
      ? `${plural(shield.length, 'Shield protection')} (${where(shield)}): the account must be subscribed`
      : 'not enabled: no AWS::Shield::Protection in this environment',
  );
  (shield.length ? lines : notEnabled).push(shieldLine);

  // Identity ----------------------------------------------------------------------------------------------
  const pools = of('AWS::Cognito::UserPool');
  const plusPools = pools.filter((p) => readProperty(p.resource, 'UserPoolTier') === 'PLUS');
  if (plusPools.length) {
    lines.push(
      line(
        'cognito-plus',
        'Cognito Plus monthly active users',
        plusPools.length * usage('cognitoMau'),
        'cognitoPlusMau',
        ['AA2', 'AA8'],
        `${plural(plusPools.length, 'user pool')} on the PLUS tier x assumption cognitoMau`,
      ),
    );
  } else if (pools.length) {
    notEnabled.push(
      line(
        'cognito-plus',
        'Cognito Plus (threat protection, compromised-credential detection)',
        pools.length * usage('cognitoMau'),
        'cognitoPlusMau',
        ['AA2', 'AA8'],
        `not enabled: ${plural(pools.length, 'user pool')} not on the PLUS tier; priced at assumption cognitoMau`,
      ),
    );
  }

  // Data protection -------------------------------------------------------------------------------------
  const plans = of('AWS::Backup::BackupPlan');
  if (plans.length) {
    const stored = usage('databaseGb') * usage('backupStoredPerGb');
    lines.push(
      line(
        'backup-storage',
        'Backup storage',
        stored,
        'backupStorage',
        ['DP7', 'ST7'],
        `${count(plans.length, 'AWS::Backup::BackupPlan')}; assumptions databaseGb x backupStoredPerGb`,
      ),
    );
    const copies = plans.filter((p) =>
      JSON.stringify(readProperty(p.resource, 'BackupPlan.BackupPlanRule[*].CopyActions') ?? []).includes(
        'DestinationBackupVaultArn',
      ),
    );
    if (copies.length) {
      lines.push(
        line(
          'backup-copy',
          'Cross-region copy transfer',
          usage('databaseGb'),
          'backupCopyTransfer',
          ['DP7'],
          'plan rules with CopyActions; assumption databaseGb (first full copy; increments are smaller)',
        ),
      );
    }
  }
  perResource('AWS::SecretsManager::Secret', 'secrets', 'Secrets', 'secret', ['DP4', 'DP5', 'APIS6']);

  // Detection -------------------------------------------------------------------------------------------
  const detectors = of('AWS::GuardDuty::Detector');
  if (detectors.length) {
    lines.push(
      line(
        'guardduty-events',
        'GuardDuty: CloudTrail management events',
        usage('managementEventsMillions'),
        'guardDutyEvents',
        ['SM3', 'SM7'],
        'AWS::GuardDuty::Detector; assumption managementEventsMillions',
      ),
      line(
        'guardduty-flow-dns',
        'GuardDuty: flow and DNS logs',
        usage('flowDnsGb'),
        'guardDutyFlowDns',
        ['SM3', 'SM7'],
        'AWS::GuardDuty::Detector; assumption flowDnsGb',
      ),
    );
    const s3Protection = detectors.some((d) => {
      const features = readProperty(d.resource, 'Features');
      return (
        JSON.stringify(features ?? '').includes('S3_DATA_EVENTS') ||
        readProperty(d.resource, 'DataSources.S3Logs.Enable') === true
      );
    });
    if (s3Protection) {
      lines.push(
        line(
          'guardduty-s3',
          'GuardDuty S3 Protection: data events',
          usage('s3DataEventsMillions'),
          'guardDutyS3',
          ['SM3'],
          'detector feature S3_DATA_EVENTS; assumption s3DataEventsMillions',
        ),
      );
    }
  }
  const hubs = of('AWS::SecurityHub::Hub');
  if (hubs.length) {
    const standards = of('AWS::SecurityHub::Standard').length || 2;
    lines.push(
      line(
        'securityhub-checks',
        'Security Hub security checks',
        standards * usage('securityHubChecksPerStandard'),
        'securityHubCheck',
        ['IS8', 'SM7'],
        `${plural(standards, 'standard')} x assumption securityHubChecksPerStandard`,
      ),
    );
  }
  const recorders = of('AWS::Config::ConfigurationRecorder');
  if (recorders.length) {
    const resources = all.length;
    const rules = of('AWS::Config::ConfigRule').length;
    lines.push(
      line(
        'config-items',
        'Config configuration items',
        resources * usage('configItemsPerResource'),
        'configItem',
        ['IS8'],
        `${resources} resources in this environment's templates x assumption configItemsPerResource`,
      ),
    );
    if (rules) {
      lines.push(
        line(
          'config-evaluations',
          'Config rule evaluations',
          rules * resources * usage('configEvaluationsPerResource'),
          'configEvaluation',
          ['IS8'],
          `${count(rules, 'AWS::Config::ConfigRule')} x ${resources} resources x assumption configEvaluationsPerResource`,
        ),
      );
    }
  }
  const dataTrails = of('AWS::CloudTrail::Trail').filter((t) => {
    const advanced = readProperty(t.resource, 'AdvancedEventSelectors');
    const selectors = JSON.stringify(readProperty(t.resource, 'EventSelectors') ?? []);
    return (Array.isArray(advanced) && advanced.length > 0) || selectors.includes('DataResources');
  });
  if (dataTrails.length) {
    lines.push(
      line(
        'cloudtrail-data-events',
        'CloudTrail data events',
        dataTrails.length * usage('s3DataEventsMillions') * 10,
        'cloudTrailDataEvents',
        ['SM6'],
        `${plural(dataTrails.length, 'trail')} with data event selectors x assumption s3DataEventsMillions`,
      ),
    );
  }
  const logGroups = of('AWS::Logs::LogGroup');
  if (logGroups.length) {
    const gb = logGroups.length * usage('logGbPerLogGroup');
    lines.push(
      line(
        'logs-ingestion',
        'CloudWatch Logs ingestion',
        gb,
        'logsIngestion',
        ['SM1', 'SM2', 'APIS5'],
        `${count(logGroups.length, 'AWS::Logs::LogGroup')} x assumption logGbPerLogGroup`,
      ),
      line(
        'logs-storage',
        'CloudWatch Logs storage (one month of ingestion; grows with retention)',
        gb,
        'logsStorage',
        ['DP6'],
        `${plural(logGroups.length, 'log group')} x assumption logGbPerLogGroup`,
      ),
    );
  }
  perResource('AWS::CloudWatch::Alarm', 'alarms', 'CloudWatch alarms', 'alarm', ['SM5', 'APIS8']);

  // Per control: a line serving several controls is split equally between them.
  const byControl = new Map<string, number>();
  for (const l of lines) {
    for (const c of l.controls) byControl.set(c, (byControl.get(c) ?? 0) + l.monthlyUsd / l.controls.length);
  }

  return {
    currency: 'USD',
    totalMonthlyUsd: round2(lines.reduce((s, l) => s + l.monthlyUsd, 0)),
    lines,
    byControl: [...byControl.entries()]
      .map(([id, usd]) => ({ id, monthlyUsd: round2(usd) }))
      .sort((a, b) => b.monthlyUsd - a.monthlyUsd),
    notEnabled,
    assumptions: (Object.keys(USAGE) as UsageKey[]).map((key) => ({
      key,
      value: usage(key),
      unit: USAGE[key].unit,
      note: USAGE[key].note,
    })),
    prices: (Object.keys(PRICES) as PriceId[]).map((id) => ({ id, ...PRICES[id] })),
  };
}
