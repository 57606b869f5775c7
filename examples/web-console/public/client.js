// The page's code, loaded as ES modules without a bundler: noVNC's RFB draws the guest's screen from /vnc,
// xterm.js shows its serial console from /serial. window.webConsole exposes both (the browser test reads it).
import RFB from '/vendor/novnc/core/rfb.js';
import { Terminal } from '/vendor/xterm/lib/xterm.mjs';

const $ = (id) => document.getElementById(id);
const wsUrl = (path, name) =>
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}?name=${encodeURIComponent(name)}`;

const state = { vnc: 'not connected', serial: 'not connected', rfb: undefined, terminal: undefined };
function show(kind, text) {
  state[kind] = text;
  $(`${kind}-status`).textContent = text;
}

/** noVNC: the guest's screen, keyboard and mouse. */
function openScreen(name) {
  const rfb = new RFB($('vnc'), wsUrl('/vnc', name));
  rfb.scaleViewport = false;
  rfb.addEventListener('connect', () => show('vnc', 'connected'));
  rfb.addEventListener('disconnect', (e) => show('vnc', e.detail.clean ? 'disconnected' : 'connection lost'));
  rfb.addEventListener('securityfailure', (e) =>
    show('vnc', `refused: ${e.detail.reason ?? e.detail.status}`),
  );
  state.rfb = rfb;
}

/** xterm.js: the guest's serial console; what is typed goes to the guest as bytes. */
function openSerial(name) {
  const terminal = new Terminal({ cols: 80, rows: 25, convertEol: false, fontSize: 14 });
  terminal.open($('serial'));
  const ws = new WebSocket(wsUrl('/serial', name));
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  ws.onopen = () => show('serial', 'connected');
  ws.onclose = (e) => show('serial', e.code === 1000 ? 'disconnected' : `closed: ${e.reason || e.code}`);
  ws.onmessage = (e) => terminal.write(new Uint8Array(e.data));
  terminal.onData((text) => ws.readyState === WebSocket.OPEN && ws.send(encoder.encode(text)));
  terminal.onBinary((text) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  });
  state.terminal = terminal;
}

/** The terminal's text, line by line (for tests and copy-paste). */
function terminalText() {
  const buffer = state.terminal?.buffer.active;
  if (!buffer) return '';
  const lines = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n');
}

window.webConsole = { state, terminalText };

const name = new URLSearchParams(location.search).get('name');
const select = $('guests');
const guests = await (await fetch('/api/guests')).json();
for (const guest of guests) {
  const option = new Option(guest.name, guest.name);
  option.selected = guest.name === name;
  select.add(option);
}
select.addEventListener('change', () => {
  location.search = select.value ? `?name=${encodeURIComponent(select.value)}` : '';
});
if (name) {
  openScreen(name);
  openSerial(name);
}
