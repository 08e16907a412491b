/**
 * The resource policy statements every secret carries (constructs/data), whole: a narrower action list,
 * another principal or a changed condition would let requests through. The outside-account deny matches every
 * principal whose account is not `account`, except AWS service principals (aws:PrincipalIsAWSService true);
 * the TLS deny matches plain HTTP.
 */
export function secretPerimeterStatements(account: string) {
  return [
    {
      Sid: 'DenyPrincipalsOutsideThisAccount',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:*',
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalAccount': account },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
    {
      Sid: 'DenyRequestsWithoutTls',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}
