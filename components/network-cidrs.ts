/**
 * Splits a VPC CIDR into one public and one private subnet per AZ: the VPC is cut into 16 equal
 * blocks; public subnets take blocks 0..n-1, private subnets blocks 8..8+n-1. With a /16 that is
 * a /20 per subnet (4091 usable addresses), room for 6 AZs of each.
 */
export function subnetCidrs(vpcCidr: string, azCount: number) {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(vpcCidr);
  if (!match) throw new Error(`VPC CIDR ${vpcCidr} is not an IPv4 CIDR like 10.0.0.0/16`);
  const prefix = Number(match[5]);
  if (prefix < 16 || prefix > 20) {
    throw new Error(`VPC CIDR ${vpcCidr}: use a prefix between /16 and /20 (got /${prefix})`);
  }
  if (azCount < 1 || azCount > 6) {
    throw new Error(`${azCount} availability zones: use 1-6`);
  }
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) {
    throw new Error(`VPC CIDR ${vpcCidr} has host bits set; did you mean its network address?`);
  }
  const block = size / 16;
  const cidr = (index: number) => `${toDotted(base + index * block)}/${prefix + 4}`;
  const azs = Array.from({ length: azCount }, (_, i) => i);
  return { public: azs.map((i) => cidr(i)), private: azs.map((i) => cidr(8 + i)) };
}

function toDotted(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
