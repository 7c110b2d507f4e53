import { browser } from 'wxt/browser';

void browser.devtools.panels.create('Spanlight', '/icon/32.png', '/devtools-panel.html');
