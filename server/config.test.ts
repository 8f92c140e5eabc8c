import { describe, expect, it } from 'vitest'
import type os from 'node:os'
import { lanAddress } from './config'

const v4 = (address: string, internal = false) => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` }) as os.NetworkInterfaceInfo
const v6 = (address: string) => ({ address, family: 'IPv6', internal: false, netmask: 'ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 }) as os.NetworkInterfaceInfo

describe('lanAddress (what the QR code points phones at)', () => {
  it("takes the Wi-Fi's private address over Docker's bridge and a VPN, whatever their order", () => {
    const interfaces = { lo: [v4('127.0.0.1', true)], docker0: [v4('172.17.0.1')], tailscale0: [v4('100.101.102.103')], wlp2s0: [v6('fe80::1'), v4('192.168.1.23')] }
    expect(lanAddress(interfaces)).toBe('192.168.1.23')
    expect(lanAddress(Object.fromEntries(Object.entries(interfaces).reverse()))).toBe('192.168.1.23')
  })

  it('takes a public address on a real interface over a bridge, and a bridge over nothing', () => {
    expect(lanAddress({ docker0: [v4('172.17.0.1')], eth0: [v4('203.0.113.5')] })).toBe('203.0.113.5')
    expect(lanAddress({ lo: [v4('127.0.0.1', true)], docker0: [v4('172.17.0.1')] })).toBe('172.17.0.1')
  })

  it('never a link-local address (no network gave one) or loopback', () => {
    expect(lanAddress({ lo: [v4('127.0.0.1', true)], en0: [v4('169.254.10.20')] })).toBeNull()
  })
})
