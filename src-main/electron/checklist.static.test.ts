/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), item by item, as checks
 * on the shell's source and packaging config. Runtime behaviour of the pure rules is in securityPolicy.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from './securityPolicy';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const read = (file: string) => readFileSync(path.join(here, file), 'utf8');
const shell = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => read(file))
  .join('\n');
const main = read('main.ts');
const windows = read('windows.ts');
const builder = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  electronFuses: Record<string, boolean>;
};
const electronVersion = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
).devDependencies.electron;

describe('Electron security checklist', () => {
  it('1. only loads secure content: the window loads app://, the session cancels every network request', () => {
    expect(windows).toMatch(/loadURL\(options\.devServerUrl \?\? APP_ENTRY_URL\)/);
    expect(windows).toMatch(/webRequest\.onBeforeRequest\(\{ urls: NETWORK_URL_PATTERNS \}/);
    expect(windows).toMatch(/callback\(\{ cancel: !allowed \}\)/);
    expect(shell).not.toMatch(/loadURL\(['"`]https?:/);
  });

  it('2-4, 6, 8-10. no Node integration, context isolation, sandbox, web security, no insecure or experimental features', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      nodeIntegration: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
    expect(main).toContain('app.enableSandbox();');
    expect(shell).not.toMatch(/enableBlinkFeatures/);
  });

  it('5. denies every permission request and check', () => {
    expect(windows).toMatch(/setPermissionRequestHandler\([\s\S]*?callback\(false\)/);
    expect(windows).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(main).toMatch(/hardenSession\(session\.defaultSession/);
  });

  it('7. defines a Content Security Policy on every app:// response', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(read('securityPolicy.ts')).toMatch(/'Content-Security-Policy': CONTENT_SECURITY_POLICY/);
    expect(read('protocol.ts')).toMatch(/new Headers\(APP_RESPONSE_HEADERS\)/);
  });

  it('11-12. no <webview>: the tag is off and attaching one is prevented', () => {
    expect(SECURE_WEB_PREFERENCES.webviewTag).toBe(false);
    expect(windows).toMatch(/'will-attach-webview', \(event\) => \{\s*event\.preventDefault\(\)/);
    expect(shell).not.toMatch(/allowpopups/);
  });

  it('13-14. limits navigation and denies new windows on every webContents', () => {
    expect(main).toMatch(/'web-contents-created', \(_event, contents\) => guardWebContents\(/);
    expect(windows).toMatch(/'will-navigate'[\s\S]*?event\.preventDefault\(\)/);
    expect(windows).toMatch(/setWindowOpenHandler[\s\S]*?action: 'deny'/);
  });

  it('15. calls shell.openExternal only after the allow-list check', () => {
    expect(shell.match(/shell\.openExternal\(/g)).toHaveLength(1);
    expect(windows).toMatch(
      /if \(!isAllowedExternalUrl\(url\)\) \{[\s\S]*?return;\s*\}[\s\S]*?shell\.openExternal\(url\)/,
    );
  });

  it('16. uses a current Electron major', () => {
    expect(Number(/^\d+/.exec(electronVersion ?? '')?.[0])).toBeGreaterThanOrEqual(40);
  });

  it('17. validates the sender of every IPC message before dispatch', () => {
    const ipc = read('ipc.ts');
    expect(ipc.indexOf('senderIsAllowed(event')).toBeGreaterThan(-1);
    expect(ipc.indexOf('senderIsAllowed(event')).toBeLessThan(ipc.indexOf('core.dispatch('));
  });

  it('18. serves the renderer from a custom protocol, not file://', () => {
    expect(read('protocol.ts')).toMatch(/protocol\.handle\(APP_SCHEME/);
    expect(shell).not.toMatch(/loadFile\(|loadURL\(['"`]file:/);
    expect(builder.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('19. flips the fuses at package time', () => {
    expect(builder.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('20. never exposes Electron APIs: no remote module, no ipcRenderer handed out', () => {
    expect(shell).not.toMatch(/@electron\/remote|enableRemoteModule/);
    const preload = readFileSync(path.join(root, 'src-preload/index.ts'), 'utf8');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('trusts no certificate error and installs no custom verifier', () => {
    expect(shell).not.toMatch(/'certificate-error'|setCertificateVerifyProc/);
  });
});
