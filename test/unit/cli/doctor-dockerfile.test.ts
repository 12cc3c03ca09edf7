import { describe, expect, test } from 'vitest';
import { checkDockerfileRegistries } from '../../../packages/cli/src/doctor/dockerfile-registries.ts';

// Raqeem's rule: every base image names its registry, so nothing comes from Docker Hub by
// default. doctor reads each FROM (after stage names, scratch and ARG defaults) and says which.

describe('doctor: Dockerfile FROM registries', () => {
  test.each([
    ['FROM docker.io/library/node:20-alpine', 'ok', ''],
    ['FROM --platform=$BUILDPLATFORM ghcr.io/acme/base:1 AS build', 'ok', ''],
    ['FROM localhost:5000/base', 'ok', ''],
    ['FROM node:20', 'fail', "write FROM docker.io/library/node:20 (or your mirror's name for it)"],
    ['FROM bitnami/redis:7 AS cache', 'fail', "write FROM docker.io/bitnami/redis:7 (or your mirror's name for it)"],
  ])('%s → %s', (line, status, fix) => {
    const [finding] = checkDockerfileRegistries('Dockerfile', `# syntax=docker/dockerfile:1\n${line}\n`);
    expect(finding).toMatchObject({ check: 'Dockerfile', status, subject: 'Dockerfile:2' });
    if (fix) expect(finding!.fix).toBe(fix);
  });

  test('stage names, scratch, ARG defaults and continued lines are resolved first', () => {
    const text = [
      'ARG BASE=docker.io/library/golang:1.23',
      'ARG RUNTIME',
      'FROM ${BASE} AS build',
      'RUN go build ./...',
      'FROM build AS test',
      'FROM scratch',
      'FROM \\',
      '  alpine:3.20',
      'FROM $RUNTIME',
    ].join('\n');
    const findings = checkDockerfileRegistries('svc/Dockerfile', text);
    expect(findings.map((f) => [f.subject, f.status, f.message])).toEqual([
      ['svc/Dockerfile:3', 'ok', 'FROM docker.io/library/golang:1.23'],
      ['svc/Dockerfile:7', 'fail', 'FROM alpine:3.20 names no registry, so it comes from Docker Hub implicitly'],
      [
        'svc/Dockerfile:9',
        'warn',
        'FROM $RUNTIME: a build argument without a default here; its value decides the registry',
      ],
    ]);
  });
});
