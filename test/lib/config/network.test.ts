import { ConfigError, loadConfigs, validateConfig } from '../../../lib/config/load';
import { exampleConfig, writeConfigDir } from '../../support/config';

function problemsOf(files: Record<string, unknown>): readonly string[] {
  try {
    loadConfigs(writeConfigDir(files));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** Problems of the prod example with `change` applied to its network section. */
function prodWith(change: (network: Record<string, any>) => void): readonly string[] {
  const c = exampleConfig('prod');
  change(c.network);
  return problemsOf({ 'prod.yaml': c });
}

describe('network config', () => {
  test('the section defaults everything but the CIDR and the zones', () => {
    const c = exampleConfig('dev');
    c.network = { cidr: '10.30.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] };
    c.data.database.port = 5432; // the default database port, so the data section agrees
    expect(validateConfig(c).config?.network).toEqual({
      cidr: '10.30.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      subnetMasks: { public: 24, app: 22, data: 24 },
      natPerAz: false,
      appEgress: 'nat',
      appPorts: [8080],
      databasePorts: [5432],
      interfaceEndpoints: [
        'kms',
        'secretsmanager',
        'logs',
        'sts',
        'ssm',
        'ecr.api',
        'ecr.dkr',
        'sns',
        'events',
      ],
      resolverQueryLogging: false,
      dnsFirewall: { enabled: false, blockedDomainListIds: [] },
    });
  });

  test('fails if two environments use overlapping VPC CIDRs, naming both files', () => {
    const dev = exampleConfig('dev');
    dev.network.cidr = '10.20.128.0/17';
    expect(problemsOf({ 'dev.yaml': dev, 'prod.yaml': exampleConfig('prod') })).toEqual([
      expect.stringMatching(
        /prod\.yaml: network\.cidr: '10\.20\.0\.0\/16' overlaps '10\.20\.128\.0\/17' of .*dev\.yaml \(Dev\); give every environment its own range/,
      ),
    ]);
  });

  test('fails if the CIDR is not a CIDR', () => {
    expect(prodWith((n) => (n.cidr = '10.20.0.0'))).toEqual([
      expect.stringMatching(
        /prod\.yaml: network\.cidr: "10\.20\.0\.0" is not an IPv4 CIDR; write it like 10\.20\.0\.0\/16/,
      ),
    ]);
  });

  test('fails if the CIDR is too small for the tiers', () => {
    expect(prodWith((n) => (n.cidr = '10.20.0.0/26'))).toEqual([
      expect.stringMatching(
        /network\.cidr: "10\.20\.0\.0\/26" is too small for three tiers in 2-3 zones; use a prefix from \/16 to \/24/,
      ),
    ]);
  });

  test('fails if the CIDR is larger than a VPC can be', () => {
    expect(prodWith((n) => (n.cidr = '10.0.0.0/8'))[0]).toMatch(
      /network\.cidr: "10\.0\.0\.0\/8" is larger than a VPC can be/,
    );
  });

  test('fails if the CIDR has host bits set, giving the network address', () => {
    expect(prodWith((n) => (n.cidr = '10.20.1.0/16'))[0]).toMatch(
      /network\.cidr: "10\.20\.1\.0\/16" has host bits set; the network address is 10\.20\.0\.0\/16/,
    );
  });

  test('fails if the CIDR is not a private range', () => {
    expect(prodWith((n) => (n.cidr = '52.10.0.0/16'))[0]).toMatch(
      /network\.cidr: "52\.10\.0\.0\/16" is not inside a private range \(RFC 1918/,
    );
  });

  test('fails if more zones are listed than the region has', () => {
    const c = exampleConfig('prod');
    c.environment.region = 'us-west-1';
    c.network.availabilityZones = ['us-west-1a', 'us-west-1b', 'us-west-1c'];
    c.edge.api.certificateArn = c.edge.api.certificateArn.replace('eu-west-1', 'us-west-1');
    expect(problemsOf({ 'prod.yaml': c })).toEqual([
      expect.stringMatching(
        /prod\.yaml: network\.availabilityZones: 3 zones listed but us-west-1 has 2; list at most 2/,
      ),
    ]);
  });

  test('fails if a zone is not in the environment region', () => {
    expect(prodWith((n) => (n.availabilityZones = ['eu-west-1a', 'eu-west-1b', 'eu-central-1c']))).toEqual([
      expect.stringMatching(
        /network\.availabilityZones\[2\]: 'eu-central-1c' is not a zone of the environment region eu-west-1; use eu-west-1 followed by a zone letter/,
      ),
    ]);
  });

  test('fails if a zone name is malformed', () => {
    expect(prodWith((n) => (n.availabilityZones = ['eu-west-1a', 'euw1-az2']))[0]).toMatch(
      /network\.availabilityZones\[1\]: "euw1-az2" is not an availability zone name/,
    );
  });

  test('fails if only one zone is listed', () => {
    expect(prodWith((n) => (n.availabilityZones = ['eu-west-1a']))[0]).toMatch(
      /network\.availabilityZones: list 2 or 3 availability zones/,
    );
  });

  test('fails if a zone is listed twice', () => {
    expect(prodWith((n) => (n.availabilityZones = ['eu-west-1a', 'eu-west-1a']))[0]).toMatch(
      /network\.availabilityZones: \["eu-west-1a","eu-west-1a"\] lists a zone twice/,
    );
  });

  test('fails if the subnets do not fit in the VPC, naming the tier that runs out', () => {
    expect(prodWith((n) => (n.cidr = '10.20.0.0/20'))).toEqual([
      expect.stringMatching(
        /network\.subnetMasks\.data: 3 zones x \(public \/24, app \/22, data \/24\) do not fit in 10\.20\.0\.0\/20: the data subnets run past its end/,
      ),
    ]);
  });

  test('fails if a subnet mask is not longer than the VPC prefix', () => {
    expect(
      prodWith((n) => {
        n.cidr = '10.20.0.0/22';
        n.subnetMasks.app = 22;
      }),
    ).toEqual([
      expect.stringMatching(
        /network\.subnetMasks\.app: \/22 subnets do not fit in the VPC 10\.20\.0\.0\/22; use a prefix longer than \/22/,
      ),
    ]);
  });

  test('fails if a subnet mask is smaller than AWS allows', () => {
    expect(prodWith((n) => (n.subnetMasks.data = 29))[0]).toMatch(
      /network\.subnetMasks\.data: \/29 is smaller than a subnet can be \(AWS minimum \/28\)/,
    );
  });

  test('fails if an interface endpoint service is unknown', () => {
    expect(prodWith((n) => n.interfaceEndpoints.push('secretmanager'))).toEqual([
      expect.stringMatching(
        /prod\.yaml: network\.interfaceEndpoints\[9\]: "secretmanager" is not a known interface endpoint service; use one of .*secretsmanager/,
      ),
    ]);
  });

  test('fails if a gateway service is listed as an interface endpoint', () => {
    expect(prodWith((n) => n.interfaceEndpoints.push('s3'))[0]).toMatch(
      /network\.interfaceEndpoints\[9\]: "s3" is always reached through its gateway endpoint/,
    );
  });

  test('fails if an app port is an administration port', () => {
    expect(prodWith((n) => (n.appPorts = [8080, 22]))[0]).toMatch(
      /network\.appPorts\[1\]: 22 is an administration port \(SSH\/RDP\), denied on every tier/,
    );
  });

  test('fails if more ports are listed than the network ACLs can hold', () => {
    expect(prodWith((n) => (n.databasePorts = [5432, 5433, 5434, 5435, 5436]))[0]).toMatch(
      /network\.databasePorts: 5 database ports is more than 4/,
    );
  });

  test('fails if natPerAz is set without NAT egress', () => {
    expect(prodWith((n) => (n.appEgress = 'none'))).toEqual([
      expect.stringMatching(/network\.natPerAz: true has no effect with appEgress 'none'/),
    ]);
  });

  test('fails if the DNS Firewall is enabled without domain lists', () => {
    expect(prodWith((n) => (n.dnsFirewall.enabled = true))).toEqual([
      expect.stringMatching(
        /network\.dnsFirewall\.blockedDomainListIds: is empty but the DNS Firewall is enabled/,
      ),
    ]);
  });

  test('fails if a DNS Firewall domain list id is malformed', () => {
    expect(
      prodWith((n) => (n.dnsFirewall.blockedDomainListIds = ['AWSManagedDomainsMalwareDomainList']))[0],
    ).toMatch(
      /network\.dnsFirewall\.blockedDomainListIds\[0\]: "AWSManagedDomainsMalwareDomainList" is not a DNS Firewall domain list id/,
    );
  });
});
