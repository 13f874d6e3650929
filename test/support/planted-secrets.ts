/**
 * Secrets planted where images keep them outside their files (build arguments, history, labels,
 * annotations, a Dockerfile line), for the tests that check each is found on its line and that no
 * output prints any of them: the image built in code in BuildKit's history forms, the Dockerfile
 * beside it, and the one built by the Docker engine's classic builder.
 */
import { expect } from 'vitest';
import { buildImage, compileC } from './engine.ts';
import type { ImageSpec } from './images.ts';

// Made up for these tests, shaped as the real formats are; never valid anywhere.
export const NPM_TOKEN = 'npm_Pl4ntedNpmT0kenForHistoryTests00000x';
export const GITHUB_TOKEN = 'ghp_Pl4ntedGitHubT0kenBlankedLaterAbc1234';
export const GITLAB_TOKEN = 'glpat-Pl4ntedGitLabLabelT0ken';
export const URL_PASSWORD = 'Tr0ub4dor-plantedUrlPass';
export const ANNOTATION_PASSWORD = 'correct-horse-planted-annotation';
/** Written into the Dockerfile itself, as an ARG default (engine image only). */
export const ARG_PASSWORD = 'Dockerfile-planted-arg-passw0rd';

export const PLANTED = [NPM_TOKEN, GITHUB_TOKEN, GITLAB_TOKEN, URL_PASSWORD, ANNOTATION_PASSWORD, ARG_PASSWORD];

/**
 * What must never appear: each value, and pieces of it a partial leak would show (all but the
 * first four characters, which fingerprints keep for values of 20 or more; the last twelve).
 */
const FORBIDDEN = PLANTED.flatMap((value) => [value, value.slice(4), value.slice(-12)]);

/** Fails naming the output and the piece found when `text` holds any planted value or piece of one. */
export function expectNoSecret(text: string, output: string): void {
  const found = FORBIDDEN.filter((piece) => text.includes(piece));
  expect(found, `${output} prints a planted secret`).toEqual([]);
}

/** The Dockerfile `historyImage` was (as far as its history says) built from. */
export const HISTORY_DOCKERFILE = [
  'FROM scratch',
  'ARG NPM_TOKEN',
  'COPY app /app',
  'RUN npm ci',
  `LABEL org.example.deploy-key="${GITLAB_TOKEN}"`,
  `ENV TOKEN=${GITHUB_TOKEN}`,
  'ENV TOKEN=',
  `RUN curl -fsS https://deploy:${URL_PASSWORD}@registry.example.com/setup`,
  'USER 65532',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

const file = (path: string, content: string) => ({ path, content, mode: 0o755 });

/** An image with BuildKit's history forms and an annotation, each holding a secret; layers: /app, npm ci, curl. */
export const historyImage: ImageSpec = {
  layers: [{ entries: [file('app', 'app\n')] }, { entries: [file('node_modules.txt', 'deps\n')] }, { entries: [file('setup.txt', 'done\n')] }],
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TOKEN='],
    Labels: { 'org.example.deploy-key': GITLAB_TOKEN },
    User: '65532',
    Entrypoint: ['/app'],
  },
  history: [
    { created_by: `ARG NPM_TOKEN=${NPM_TOKEN}`, comment: 'buildkit.dockerfile.v0', empty_layer: true },
    { created_by: 'COPY app /app # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: `RUN |1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c npm ci # buildkit`, comment: 'buildkit.dockerfile.v0' },
    { created_by: `LABEL org.example.deploy-key=${GITLAB_TOKEN}`, comment: 'buildkit.dockerfile.v0', empty_layer: true },
    { created_by: `ENV TOKEN=${GITHUB_TOKEN}`, comment: 'buildkit.dockerfile.v0', empty_layer: true },
    { created_by: 'ENV TOKEN=', comment: 'buildkit.dockerfile.v0', empty_layer: true },
    {
      created_by: `RUN |1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c curl -fsS https://deploy:${URL_PASSWORD}@registry.example.com/setup # buildkit`,
      comment: 'buildkit.dockerfile.v0',
    },
    { created_by: 'USER 65532', comment: 'buildkit.dockerfile.v0', empty_layer: true },
    { created_by: 'ENTRYPOINT ["/app"]', comment: 'buildkit.dockerfile.v0', empty_layer: true },
  ],
  annotations: { 'org.example.registry-password': ANNOTATION_PASSWORD },
};

/** Where `historyImage`'s secrets are found: message start → Dockerfile line (undefined: none). */
export const HISTORY_FINDINGS: [string, number | undefined][] = [
  ['build argument NPM_TOKEN recorded in the image history holds what looks like an npm token', 2],
  ['a command recorded in the image history holds what looks like a password in a URL', 8],
  ['label org.example.deploy-key holds what looks like a GitLab token', 5],
  ['ENV TOKEN, changed or blanked by a later instruction but kept in the image history, holds what looks like a GitHub token', 6],
  ['annotation org.example.registry-password holds a value and has a name that suggests a credential', undefined],
];

/**
 * The Dockerfile the classic builder builds (`buildPlantedImage`). Lines: 3 ARG (its value from
 * --build-arg), 4 ARG with its default in the Dockerfile, 5 RUN using both, 6 LABEL, 7 ENV blanked
 * on 8, 9 an exec-form RUN with a password in a URL.
 */
export const ENGINE_DOCKERFILE = [
  'FROM scratch',
  'COPY sh /bin/sh',
  'ARG NPM_TOKEN',
  `ARG DEPLOY_PASSWORD=${ARG_PASSWORD}`,
  'RUN npm ci',
  `LABEL org.example.deploy-key="${GITLAB_TOKEN}"`,
  `ENV TOKEN=${GITHUB_TOKEN}`,
  'ENV TOKEN=',
  `RUN ["/bin/sh", "fetch", "https://deploy:${URL_PASSWORD}@registry.example.com/setup"]`,
  'USER 65532',
  'ENTRYPOINT ["/bin/sh"]',
  '',
].join('\n');

/** Where `ENGINE_DOCKERFILE`'s secrets are found: message start → Dockerfile line. */
export const ENGINE_FINDINGS: [string, number | undefined][] = [
  ['build argument NPM_TOKEN recorded in the image history holds what looks like an npm token', 3],
  ['build argument DEPLOY_PASSWORD recorded in the image history holds a value and has a name that suggests a credential', 4],
  ['label org.example.deploy-key holds what looks like a GitLab token', 6],
  ['ENV TOKEN, changed or blanked by a later instruction but kept in the image history, holds what looks like a GitHub token', 7],
  ['a command recorded in the image history holds what looks like a password in a URL', 9],
];

/** Builds `ENGINE_DOCKERFILE` as `tag` with the Docker engine, NPM_TOKEN passed as a build argument. */
export async function buildPlantedImage(tag: string): Promise<void> {
  // A static program standing in for /bin/sh: every RUN runs it, and it writes a file so the RUN makes a layer.
  const sh = await compileC('#include <stdio.h>\nint main(void) { FILE *f = fopen("/ran", "a"); if (f) { fputs("ran\\n", f); fclose(f); } return 0; }\n', {
    static: true,
  });
  await buildImage(tag, { dockerfile: ENGINE_DOCKERFILE, files: { sh: { content: sh, mode: 0o755 } }, buildArgs: { NPM_TOKEN } });
}
