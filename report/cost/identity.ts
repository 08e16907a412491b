/** Cost lines of cognito Plus (threat protection) or its price when off. */
import { type CostContext, line, plural } from './context';
import { readProperty } from '../evidence';

export function identityCost(ctx: CostContext): void {
  const { of, usage, lines, notEnabled } = ctx;
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
}
