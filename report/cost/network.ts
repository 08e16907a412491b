/** Cost lines of nAT gateways and interface endpoints. */
import { type CostContext, line, plural, count } from './context';
import { readProperty } from '../evidence';

export function networkCost(ctx: CostContext): void {
  const { of, usage, hours, lines } = ctx;
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
}
