/**
 * Interface name prefixes of virtual bridges, container networks and tunnels. Their subnets are the
 * host's own plumbing (or someone else's network over a VPN), not the LAN the user means, so automatic
 * scope selection skips them; an explicit target still reaches them.
 */
export interface VirtualInterfacePattern {
  readonly prefix: string;
  readonly what: string;
}

export const VIRTUAL_INTERFACE_PATTERNS: readonly VirtualInterfacePattern[] = [
  { prefix: 'docker', what: 'Docker bridge' },
  { prefix: 'br-', what: 'Docker user-defined bridge' },
  { prefix: 'veth', what: 'container veth pair' },
  { prefix: 'virbr', what: 'libvirt bridge' },
  { prefix: 'vnet', what: 'libvirt VM tap' },
  { prefix: 'lxcbr', what: 'LXC bridge' },
  { prefix: 'lxdbr', what: 'LXD bridge' },
  { prefix: 'incusbr', what: 'Incus bridge' },
  { prefix: 'cni', what: 'Kubernetes CNI bridge' },
  { prefix: 'flannel', what: 'Flannel overlay' },
  { prefix: 'cali', what: 'Calico interface' },
  { prefix: 'cilium', what: 'Cilium interface' },
  { prefix: 'weave', what: 'Weave overlay' },
  { prefix: 'kube-', what: 'Kubernetes interface' },
  { prefix: 'podman', what: 'Podman bridge' },
  { prefix: 'vboxnet', what: 'VirtualBox host-only network' },
  { prefix: 'vmnet', what: 'VMware host network' },
  { prefix: 'tailscale', what: 'Tailscale tunnel' },
  { prefix: 'zt', what: 'ZeroTier tunnel' },
  { prefix: 'wg', what: 'WireGuard tunnel' },
  { prefix: 'tun', what: 'tunnel' },
  { prefix: 'tap', what: 'tap device' },
  { prefix: 'vxlan', what: 'VXLAN overlay' },
  { prefix: 'genev', what: 'Geneve overlay' },
  { prefix: 'nebula', what: 'Nebula overlay' },
];

/** What kind of virtual interface `name` is, or null for one that may face a real LAN. */
export function virtualInterfaceKind(name: string): string | null {
  return VIRTUAL_INTERFACE_PATTERNS.find((p) => name.startsWith(p.prefix))?.what ?? null;
}
