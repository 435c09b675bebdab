/**
 * Turns a device's profile into its TCP listeners: the profile's services, plus the SSDP
 * description document served over HTTP where its LOCATION points.
 */
import type { TcpService } from '../../profile-schema.js';
import type { SimDevice } from '../udp/protocol.js';
import { bannerHandler } from './banner.js';
import { hostileHandler } from './hostile.js';
import { httpHandler } from './http.js';
import type { ConnectionHandler, TcpListenerSpec } from './listener.js';
import { rawHandler } from './raw.js';
import type { ProfileResponse } from './response.js';
import { rtspHandler } from './rtsp.js';
import { certificateFor } from './tls-cert.js';

/** The device's services, with the SSDP description added to (or as) the HTTP service on its port. */
export function servicesWithDescription(device: SimDevice): TcpService[] {
  const ssdp = device.ssdp;
  if (!ssdp) return device.tcp;
  const description: ProfileResponse = {
    status: 200,
    headers: [['CONTENT-TYPE', 'text/xml; charset="utf-8"']],
    body: ssdp.description,
  };
  const { port, path } = ssdp.location;
  const existing = device.tcp.find((s) => s.port === port);
  if (!existing) {
    return [...device.tcp, { protocol: 'http', port, paths: { [path]: description } }];
  }
  if (existing.protocol !== 'http' || existing.paths[path] !== undefined) return device.tcp;
  return device.tcp.map((s): TcpService => (s === existing ? { ...existing, paths: { ...existing.paths, [path]: description } } : s));
}

function handlerFor(service: TcpService, log: (m: string) => void, label: string): ConnectionHandler {
  switch (service.protocol) {
    case 'http':
      return httpHandler(service.paths, log, label);
    case 'rtsp':
      return rtspHandler(service.response, log, label);
    case 'banner':
      return bannerHandler(service.banner);
    case 'raw':
      return rawHandler(service.replyHex, service.greetingHex);
    case 'hostile':
      return hostileHandler(service.behaviour, service.text);
  }
}

export async function listenerSpecs(device: SimDevice, log: (m: string) => void): Promise<TcpListenerSpec[]> {
  return Promise.all(
    servicesWithDescription(device).map(async (service): Promise<TcpListenerSpec> => {
      const label = `${device.id} ${device.ip}:${service.port}/${service.protocol}`;
      const spec: TcpListenerSpec = { ip: device.ip, port: service.port, label, handler: handlerFor(service, log, label) };
      if (service.protocol === 'http' && service.tls) spec.tls = await certificateFor(service.tls);
      return spec;
    }),
  );
}
