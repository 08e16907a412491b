/** Cost lines of customer managed keys and their rotated key material. */
import { type CostContext, line, plural } from './context';
import { readProperty } from '../evidence';

export function kmsCost(ctx: CostContext): void {
  const { lines, perResource } = ctx;
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
}
