import { describe, expect, it } from 'vitest';
import { planSmokeTest, smokeCommand } from '../../../packages/core/src/build/index.ts';

describe('smoke test', () => {
  it('runs what the runner executes and skips the rest, saying why', () => {
    const plan = planSmokeTest(['linux/amd64', 'linux/arm64', 'linux/386', 'windows/amd64'], 'linux/amd64', 'x64', [
      'register',
      'status',
    ]);
    expect(plan.run).toEqual(['linux/amd64', 'linux/386']);
    expect(plan.skipped).toEqual([
      ['linux/arm64', 'this runner cannot execute arm64 (no native support, no binfmt_misc emulator registered)'],
      ['windows/amd64', 'this runner runs linux images only'],
    ]);
  });
  it('an emulator registered in binfmt_misc makes a platform runnable', () => {
    expect(planSmokeTest(['linux/arm64', 'linux/riscv64'], 'linux/amd64', 'x64', ['qemu-aarch64']).run).toEqual([
      'linux/arm64',
    ]);
  });
  it('no platforms: the host platform', () => {
    expect(planSmokeTest([], 'linux/arm64', 'arm64', []).run).toEqual(['linux/arm64']);
  });
  it('the command is what docker run would run', () => {
    expect(smokeCommand(['/app'], ['serve'], ['--version'])).toEqual(['/app', '--version']);
    expect(smokeCommand(['/app'], ['serve'], [])).toEqual(['/app', 'serve']);
    expect(smokeCommand(null, ['/bin/sh'], ['/hello', 'x'])).toEqual(['/hello', 'x']);
  });
});
