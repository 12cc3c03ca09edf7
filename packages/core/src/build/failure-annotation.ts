import { basename } from 'node:path';

export interface FailureAnnotation {
  /** The Dockerfile path as the user gave it, when the builder named a line in it. */
  file?: string;
  line?: number;
  message: string;
  /** The builder's last lines, for the annotation body. */
  tail: string[];
}

/**
 * Reads where a build failed from the builder's output.
 * - buildx prints the failing instruction's source as `Dockerfile:12` above a framed excerpt,
 *   then `ERROR: failed to solve: …` (`ERROR: failed to build: failed to solve: …` lately);
 *   parse errors say `dockerfile parse error on line 3`.
 * - buildah prints `Error: building at STEP "COPY x /": …` with the instruction, not the line,
 *   so the line is found by looking the instruction up in the Dockerfile's text.
 */
export function parseBuildFailure(output: string, dockerfilePath: string, dockerfileText?: string): FailureAnnotation {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
  const tail = lines.slice(-15);
  const errorLine =
    [...lines].reverse().find((l) => /^(ERROR:|Error:|error:)/.test(l.trim())) ?? lines.at(-1) ?? 'the build failed';
  const message = errorLine.trim().replace(/^(ERROR|Error|error):\s*/, '');
  const file = dockerfilePath || 'Dockerfile';
  const name = basename(file);

  // buildx: the last `<name>:<n>` line that stands alone before the framed excerpt.
  const source = [...lines]
    .reverse()
    .map((l) => /^\s*(\S+):(\d+)\s*$/.exec(l))
    .find((m) => m && (basename(m[1]!) === name || m[1] === file));
  if (source) return { file, line: Number(source[2]), message, tail };
  const parse = /dockerfile parse error (?:on )?line (\d+)/i.exec(output);
  if (parse) return { file, line: Number(parse[1]), message, tail };

  const step = /building at STEP "([^"]+)"/.exec(output);
  if (step && dockerfileText !== undefined) {
    const line = findInstructionLine(dockerfileText, step[1]!);
    if (line) return { file, line, message, tail };
  }
  return { message, tail };
}

/** 1-based line of the first instruction whose normalized text matches buildah's STEP text. */
function findInstructionLine(text: string, step: string): number | undefined {
  const want = normalize(step);
  const [keyword] = want.split(' ');
  const lines = text.split(/\r?\n/);
  let fallback: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const have = normalize(lines[i]!);
    if (have === want) return i + 1;
    // buildah renders exec-form RUN ["/x"] as RUN /x and drops unknown instructions' arguments.
    if (
      fallback === undefined &&
      keyword &&
      have.split(' ')[0] === keyword &&
      (have.startsWith(want) || normalize(have.replace(/[[\]",]/g, ' ')) === want)
    )
      fallback = i + 1;
  }
  return fallback;
}

function normalize(instruction: string): string {
  const trimmed = instruction.trim().replace(/\s+/g, ' ');
  const space = trimmed.indexOf(' ');
  return space < 0 ? trimmed.toUpperCase() : `${trimmed.slice(0, space).toUpperCase()} ${trimmed.slice(space + 1)}`;
}
