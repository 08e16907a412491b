import { CfnResource, type IAspect, RemovalPolicy } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Audit and detection state whose deletion with a stack would erase evidence or switch detection off. */
export const AUDIT_STATE_TYPES = [
  'AWS::CloudTrail::Trail',
  'AWS::GuardDuty::Detector',
  'AWS::SecurityHub::Hub',
  'AWS::Detective::Graph',
  'AWS::Macie::Session',
  'AWS::AccessAnalyzer::Analyzer',
  'AWS::Config::ConfigurationRecorder',
  'AWS::Config::DeliveryChannel',
  'AWS::Logs::LogGroup',
] as const;

/**
 * Retains the audit and detection state ({@link AUDIT_STATE_TYPES}) when its stack is deleted or the
 * resource is removed from the template (DeletionPolicy and UpdateReplacePolicy RETAIN). Add it to the
 * production stage, with termination protection on its stacks.
 */
export class RetainAuditState implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    if (!(AUDIT_STATE_TYPES as readonly string[]).includes(node.cfnResourceType)) return;
    node.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
