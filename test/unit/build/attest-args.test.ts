import { describe, expect, it } from 'vitest';
import { attestArgs } from '../../../packages/core/src/build/index.ts';
import { eventContext } from '../events.ts';

const context = eventContext('push-branch');
const RUN = 'https://github.com/octo-org/hello-world/actions/runs/9718765432/attempts/1';
const args = (given: { provenance?: string; sbom?: string; attests?: string[] }, noDefaultProvenance = false) =>
  attestArgs({ provenance: '', sbom: '', attests: [], context, noDefaultProvenance, ...given });

describe('--attest arguments from provenance, sbom and attests', () => {
  it('the sbom input wins over an attests sbom entry; other attests types pass through', () => {
    expect(args({ sbom: 'generator=img', attests: ['type=sbom,generator=other', 'type=vuln,ref=x'] }, true)).toEqual([
      '--attest',
      'type=sbom,generator=img',
      '--attest',
      'type=vuln,ref=x',
    ]);
  });
  it('an attests provenance entry keeps its own builder-id and mode, and replaces the default', () => {
    expect(args({ attests: ['type=provenance,mode=min,builder-id=mine'] })).toEqual([
      '--attest',
      'type=provenance,mode=min,builder-id=mine',
    ]);
  });
  it('a quoted attribute stays one attribute: its builder-id counts, and it reaches buildx quoted', () => {
    expect(args({ provenance: '"builder-id=a,b",mode=max' })).toEqual([
      '--attest',
      'type=provenance,"builder-id=a,b",mode=max',
    ]);
  });
  it('no provenance at all when the default is off and none is asked for', () => {
    expect(args({}, true)).toEqual([]);
    expect(args({})).toEqual(['--attest', `type=provenance,mode=max,builder-id=${RUN}`]);
  });
});
