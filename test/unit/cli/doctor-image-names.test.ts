import { describe, expect, test } from 'vitest';
import { checkImageName, findUnloweredNames } from '../../../packages/cli/src/doctor/image-names.ts';

describe('doctor: image names', () => {
  test.each([
    ['ghcr.io/acme/app', 'ok', /valid and lowercase/],
    ['ghcr.io/Acme/App', 'warn', /the kit pushes ghcr\.io\/acme\/app, tools outside it refuse the name/],
    ['ghcr.io/acme/app:1.0', 'ok', /valid/],
    ['ghcr.io/acme/my_app__', 'fail', /input "images": "my_app__" is not a valid path component/],
  ])('%s → %s', (name, status, message) => {
    const finding = checkImageName(name, 'images');
    expect(finding.status).toBe(status);
    expect(finding.message).toMatch(message);
  });

  test('a third-party step building a name from an uppercase repository fails; kit and lowercase repos pass', () => {
    const steps = [
      {
        uses: 'docker/build-push-action@0123456789abcdef0123456789abcdef01234567',
        with: { tags: 'ghcr.io/${{ github.repository }}:latest' },
      },
      { uses: 'ghcr-kit/ghcr-kit/actions/meta@v0', with: { images: 'ghcr.io/${{ github.repository }}' } },
    ];
    const findings = findUnloweredNames('ci.yml', steps, 'Acme/App');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'fail',
      subject: 'ci.yml: docker/build-push-action@0123456789abcdef0123456789abcdef01234567 tags',
    });
    expect(findUnloweredNames('ci.yml', steps, 'acme/app')).toEqual([]);
  });
});
