/** Cost lines of web ACLs, their rules and requests, Bot Control and Shield Advanced. */
import { type CostContext, line, plural, count } from './context';
import { readProperty } from '../evidence';

export function edgeCost(ctx: CostContext): void {
  const { of, where, usage, lines, notEnabled } = ctx;
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
}
