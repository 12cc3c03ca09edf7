import { describe, expect, it } from 'vitest';
import { countCachedSteps } from '../../../packages/core/src/build/index.ts';

// buildx 0.38.2 on buildkit 0.34.2, plain progress, a two-platform build whose registry cache
// was imported: both COPY steps reused (captured on our machines).
const WARM = `#0 building with "kit" instance using remote driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 113B done
#1 DONE 0.0s

#3 importing cache manifest from 127.0.0.1:40045/octo-org/c:cache
#3 inferred cache manifest type: application/vnd.oci.image.manifest.v1+json done
#3 DONE 0.0s

#4 [internal] load build context
#4 transferring context: 30B done
#4 DONE 0.0s

#5 [linux/amd64 1/1] COPY hello.txt /hello-amd64.txt
#5 CACHED

#6 [linux/arm64 1/1] COPY hello.txt /hello-arm64.txt
#6 CACHED

#7 exporting cache to registry
#7 DONE 0.0s
`;

// The same build on an empty builder whose cache import found nothing: both steps ran.
const COLD = `#3 importing cache manifest from 127.0.0.1:40045/octo-org/c:cache
#3 ERROR: failed to configure registry cache importer: 127.0.0.1:40045/octo-org/c:cache: not found

#5 [linux/arm64 1/1] COPY hello.txt /hello-arm64.txt
#5 DONE 0.0s

#6 [linux/amd64 1/1] COPY hello.txt /hello-amd64.txt
#6 DONE 0.0s
`;

describe('steps reused from cache, from buildx output', () => {
  it('counts every step of every platform, cached or run', () => {
    expect(countCachedSteps(WARM)).toEqual({ total: 2, cached: 2 });
    expect(countCachedSteps(COLD)).toEqual({ total: 2, cached: 0 });
  });
  it('reads single-platform and multi-stage step names, and a step printed twice counts once', () => {
    const output =
      '#4 [1/1] COPY a /a\n#4 CACHED\n' +
      '#5 [check 2/2] RUN ["/fnv"]\n#5 0.120 working\n#5 [check 2/2] RUN ["/fnv"]\n#5 DONE 0.2s\n' +
      '#6 [stage-1 1/1] COPY --from=check /hashes /hashes\n#6 DONE 0.0s\n';
    expect(countCachedSteps(output)).toEqual({ total: 3, cached: 1 });
  });
  it('says nothing when the output holds no steps (tty progress, buildah)', () => {
    expect(countCachedSteps('STEP 1/2: FROM scratch\nSTEP 2/2: COPY a /a\n')).toBeNull();
  });
});
