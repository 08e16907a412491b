import { type App, Aspects, Stage, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  type NagPack,
  WriteNagSuppressionsToCloudFormationAspect,
} from 'cdk-nag';

/** The cdk-nag rule packs every stage is checked against. Names match the rule-id prefixes. */
export const COMPLIANCE_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'] as const;
export type CompliancePack = (typeof COMPLIANCE_PACKS)[number];

/**
 * Registers every pack once on the app. A pack walks the whole construct tree it is given, so
 * registering at the app (not per stage) checks every stage once.
 *
 * Acknowledgments are also written into each resource's template Metadata
 * (`cdk_nag.rules_to_suppress`) so auditors see them in the templates. cdk-nag's
 * `writeSuppressionsToCloudFormation` adds that aspect to the app, but aspects do not cross Stage
 * boundaries, so it is added to every stage here instead.
 */
export function registerCompliancePacks(app: App): NagPack[] {
  const packs: NagPack[] = [
    new AwsSolutionsChecks(app, { verbose: true }),
    new NIST80053R5Checks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
    new PCIDSS321Checks(app, { verbose: true }),
  ];
  Validations.of(app).addPlugins(...packs);
  for (const stage of app.node.findAll().filter(Stage.isStage)) {
    Aspects.of(stage).add(new WriteNagSuppressionsToCloudFormationAspect());
  }
  return packs;
}
