import type { Predicate } from './predicate.ts';
import type { Subject } from './subjects.ts';

/** https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md */
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** The DSSE payloadType of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Statement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: unknown;
}

/** A statement whose subjects may be nameless: cosign's image-signature statement names only the digest. */
export type SignableStatement = Omit<Statement, 'subject' | 'predicate'> & {
  subject: Array<{ name?: string; digest: Record<string, string> }>;
  predicate?: unknown;
};

/** All subjects in one statement, so they are signed once and stored once. */
export function buildStatement(subjects: readonly Subject[], predicate: Predicate): Statement {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [...subjects],
    predicateType: predicate.type,
    predicate: predicate.body,
  };
}
