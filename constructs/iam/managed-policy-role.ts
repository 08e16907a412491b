import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * An IAM role whose permissions live in one customer-managed policy instead of an inline policy
 * (NIST 800-53 / HIPAA / PCI `IAMNoInlinePolicy`): every grant (`bucket.grantRead(role)`,
 * `role.addToPrincipalPolicy(...)`) lands in `<role>/Policy`, created on the first statement, so the
 * permissions are versioned and reviewable as a standalone policy.
 */
export class ManagedPolicyRole extends iam.Role {
  private managedPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
  }

  /** The role's customer-managed policy, if any statement has been added. */
  public get policy(): iam.ManagedPolicy | undefined {
    return this.managedPolicy;
  }

  public override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!this.managedPolicy) {
      this.managedPolicy = new iam.ManagedPolicy(this, 'Policy', {
        description: `Permissions of ${this.node.path}`,
        roles: [this],
      });
    }
    this.managedPolicy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.managedPolicy };
  }
}
