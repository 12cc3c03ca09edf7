import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/index.ts';
import type { ActionsClaims } from './oidc-claims.ts';
import { customPredicate, type Predicate } from './predicate.ts';
import { buildProvenance } from './provenance.ts';
import { sbomPredicate } from './sbom.ts';
import { subjectsFromPaths } from './subject-files.ts';
import {
  finalizeSubjects,
  subjectFromNameAndDigest,
  subjectsFromChecksums,
  subjectsFromImageRefs,
  type Subject,
} from './subjects.ts';

export interface SubjectInputs {
  imageRefs: string[];
  subjectName: string;
  subjectDigest: string;
  subjectPaths: string[];
  subjectChecksums: string;
  pushToRegistry: boolean;
}

/** Every subject input together, normalized, deduplicated and capped. */
export async function subjectsFromInputs(inputs: SubjectInputs, cwd = process.cwd()): Promise<Subject[]> {
  const subjects: Subject[] = [...subjectsFromImageRefs(inputs.imageRefs)];
  if (inputs.subjectName || inputs.subjectDigest) {
    if (!inputs.subjectName)
      throw new InputError('subject-name', '', 'subject-digest needs the name it belongs to', 'Set subject-name too.');
    if (!inputs.subjectDigest)
      throw new InputError(
        'subject-digest',
        '',
        'subject-name needs its digest',
        "Set subject-digest to sha256:<hex> (the build's digest output).",
      );
    subjects.push(
      subjectFromNameAndDigest(inputs.subjectName, inputs.subjectDigest, inputs.pushToRegistry ? { image: true } : {}),
    );
  }
  if (inputs.subjectPaths.length) subjects.push(...(await subjectsFromPaths(inputs.subjectPaths, cwd)));
  if (inputs.subjectChecksums) {
    const text = await readFile(inputs.subjectChecksums, 'utf8').catch(() => {
      throw new InputError(
        'subject-checksums',
        inputs.subjectChecksums,
        'cannot be read',
        'Give the path of a checksums file written by an earlier step.',
      );
    });
    subjects.push(...subjectsFromChecksums(text));
  }
  return finalizeSubjects(subjects);
}

export interface PredicateInputs {
  sbomPath: string;
  predicateType: string;
  predicate: string;
  predicatePath: string;
}

/** A predicate read from the inputs; none means build provenance, made once the claims are known. */
export interface PredicateChoice {
  predicate?: Predicate;
  source: string;
}

/**
 * The predicate, chosen as upstream does: an SBOM when sbom-path is set, a custom one with
 * predicate-type, else SLSA build provenance of this run. Reads and checks the files, and needs
 * no token, so a step can do it before asking for one.
 */
export async function readPredicate(inputs: PredicateInputs): Promise<PredicateChoice> {
  if (inputs.sbomPath) {
    if (inputs.predicate || inputs.predicatePath || inputs.predicateType) {
      throw new InputError(
        'sbom-path',
        inputs.sbomPath,
        'an SBOM is the predicate, so predicate, predicate-path and predicate-type do not apply',
        'Remove one of them.',
      );
    }
    const text = await readFile(inputs.sbomPath, 'utf8').catch(() => {
      throw new InputError(
        'sbom-path',
        inputs.sbomPath,
        'cannot be read',
        'Give the path of the SBOM the scan step wrote.',
      );
    });
    return { predicate: sbomPredicate(text, inputs.sbomPath), source: inputs.sbomPath };
  }
  if (inputs.predicate || inputs.predicatePath || inputs.predicateType) {
    if (!inputs.predicateType)
      throw new InputError(
        'predicate-type',
        '',
        'a custom predicate needs its type',
        "Set predicate-type to the predicate's URI.",
      );
    if (inputs.predicate && inputs.predicatePath)
      throw new InputError(
        'predicate',
        inputs.predicate.slice(0, 50),
        'predicate and predicate-path are exclusive',
        'Keep one.',
      );
    if (inputs.predicatePath) {
      const text = await readFile(inputs.predicatePath, 'utf8').catch(() => {
        throw new InputError('predicate-path', inputs.predicatePath, 'cannot be read', 'Give the path of a JSON file.');
      });
      return {
        predicate: customPredicate(inputs.predicateType, text, 'predicate-path', inputs.predicatePath),
        source: inputs.predicatePath,
      };
    }
    if (!inputs.predicate)
      throw new InputError(
        'predicate',
        '',
        'predicate-type needs the predicate',
        'Set predicate (JSON) or predicate-path.',
      );
    return {
      predicate: customPredicate(inputs.predicateType, inputs.predicate, 'predicate'),
      source: 'the predicate input',
    };
  }
  return { source: 'the build provenance' };
}

/** The predicate for this run: what the inputs give, or the build provenance from the token's claims. */
export function predicateFor(
  choice: PredicateChoice,
  claims: ActionsClaims,
  env: Record<string, string | undefined>,
): { predicate: Predicate; source: string } {
  return { predicate: choice.predicate ?? buildProvenance(claims, env), source: choice.source };
}

/** readPredicate and predicateFor at once, for callers that have the claims already. */
export async function predicateFromInputs(
  inputs: PredicateInputs,
  claims: ActionsClaims,
  env: Record<string, string | undefined>,
): Promise<{ predicate: Predicate; source: string }> {
  return predicateFor(await readPredicate(inputs), claims, env);
}
