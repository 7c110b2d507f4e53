// Embeds frame.html from the other loopback name, so the frame is cross-origin.
const frame = document.createElement('iframe');
const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
frame.src = `${location.protocol}//${other}:${location.port}${location.pathname.replace('frames.html', 'frame.html')}`;
document.body.append(frame);
frame.addEventListener('load', () => (document.documentElement.dataset.ready = '1'));
