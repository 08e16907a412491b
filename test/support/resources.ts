import type { Template } from 'aws-cdk-lib/assertions';
import { nonEmpty } from './non-empty';

/**
 * The resources of `type` in `template`, failing when there are none: a loop over an empty list asserts
 * nothing, so a test that checks "every X" first proves there is an X.
 */
export function resourcesOf(template: Template, type: string): any[] {
  return nonEmpty(Object.values(template.findResources(type)), `${type} in the template`) as any[];
}

/** `{ 'Fn::GetAtt': [<id>, 'Arn'] }` of the one KMS key the template defines (fails when there are 0 or several). */
export function onlyKeyArn(template: Template): { 'Fn::GetAtt': [string, 'Arn'] } {
  const ids = Object.keys(template.findResources('AWS::KMS::Key'));
  if (ids.length !== 1)
    throw new Error(`expected exactly one AWS::KMS::Key, found ${ids.length}: ${ids.join(', ')}`);
  return { 'Fn::GetAtt': [ids[0], 'Arn'] };
}
