import { attr, child, element, list, type XmlType } from '../../engine/describe.js';
import { oneOf, str, uint, yesNo } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

/** `<sound model=>`: an emulated sound card. */
export const sound = element({
  model: attr(oneOf('sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich7', 'ich9', 'usb')),
  multichannel: attr(yesNo),
  streams: attr(uint),
  codecs: list(element({ type: attr(oneOf('duplex', 'micro', 'output')) }), 'codec'),
  audio: child(element({ id: attr(uint) })),
  ...deviceInfo,
});
export type Sound = XmlType<typeof sound>;

const audioStream = element({
  mixingEngine: attr(yesNo),
  fixedSettings: attr(yesNo),
  voices: attr(uint),
  bufferLength: attr(uint),
  name: attr(str),
  streamName: attr(str),
  latency: attr(uint),
  dev: attr(str),
  serverName: attr(str),
  clientName: attr(str),
  connectPorts: attr(str),
  exactName: attr(yesNo),
  bufferCount: attr(uint),
  tryPoll: attr(yesNo),
  settings: child(
    element({
      frequency: attr(uint),
      channels: attr(uint),
      format: attr(oneOf('s8', 'u8', 's16', 'u16', 's32', 'u32', 'f32')),
    }),
  ),
});

/** `<audio id= type=>`: a host audio backend that sound devices and graphics use. */
export const audio = element({
  id: attr(uint),
  type: attr(
    oneOf(
      'none',
      'alsa',
      'coreaudio',
      'dbus',
      'jack',
      'oss',
      'pipewire',
      'pulseaudio',
      'sdl',
      'spice',
      'file',
    ),
  ),
  timerPeriod: attr(uint),
  path: attr(str),
  serverName: attr(str),
  runtimeDir: attr(str),
  tryMMap: attr(yesNo),
  exclusive: attr(yesNo),
  dspPolicy: attr(uint),
  /** OSS: the legacy sound system the device emulates. */
  driver: attr(oneOf('esd', 'alsa', 'arts', 'pulseaudio')),
  input: child(audioStream),
  output: child(audioStream),
});
export type Audio = XmlType<typeof audio>;
