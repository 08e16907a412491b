/**
 * aws-cdk-lib's built-in CloudFormation validator, with one engine per synth instead of one per environment.
 *
 * The validator (`@aws/cloudformation-validate`, a WebAssembly module) builds an engine before it validates
 * anything: about 1.5 s of CPU, half as much as validating the largest environment. The synth runs each
 * environment in its own process (lib/synth.ts), so each process used to build its own engine. Now the parent
 * runs one `ValidationService`, and each child's `CloudFormationValidatePlugin` (compliance/packs.ts) hands
 * its templates to it and waits for the report.
 *
 * The gate is unchanged: the service validates with aws-cdk-lib's own `CloudFormationValidatePlugin.validate`
 * (same engine configuration, rule exclusions, severities and diagnostic-to-violation mapping), and the child
 * returns that report to aws-cdk-lib, which applies acknowledgments, writes validation-report.json and fails
 * the synth exactly as it does for its own registration. test/compliance/validation-service.test.ts compares
 * a report of the service with the plugin's own for templates of two environments with shared findings.
 *
 * Requests and responses are JSON files in a directory the parent creates: a plugin's `validate` is
 * synchronous, so the child waits for its response file (a few milliseconds per check).
 *
 * A second engine, in a worker thread of the parent, validates from the other end when many templates have no
 * kept findings (a fresh clone, CI, the benchmark): otherwise the last seconds of such a synth run on one core,
 * every child waiting while the parent validates one template after another. The second engine only keeps
 * findings (compliance/validation-cache.ts); the service answers each request as before, from findings kept
 * by either engine or by validating the template itself, so a report never depends on which engine got there
 * first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
import { cachedValidation, unkept, type ValidatorIdentity, writeAtomically } from './validation-cache';
import {
  CloudFormationValidatePlugin,
  type PolicyValidationPluginReport,
  type PolicyValidationStack,
} from 'aws-cdk-lib';

/** Set on each synth child: the directory of the parent's validation service. */
export const VALIDATION_SERVICE_ENV = 'BASELINE_VALIDATION_SERVICE';

/** How long a child waits for its report before the synth fails (the parent validates one request at a time). */
const RESPONSE_TIMEOUT_MS = 10 * 60 * 1000;

interface ValidationRequest {
  readonly stackTemplates: PolicyValidationStack[];
}

type ValidationResponse = { readonly report: PolicyValidationPluginReport } | { readonly error: string };

const AWS_CDK_LIB = path.dirname(require.resolve('aws-cdk-lib/package.json'));
const ROOT = path.resolve(__dirname, '..');

/**
 * The validator's version as aws-cdk-lib reports it (`CloudFormationValidatePlugin.version` asks the
 * WebAssembly module; its package.json carries the same string, checked by the tests), so a child that only
 * forwards templates does not load the 9 MB module to name it.
 */
export function validatorVersion(): string {
  if (!versions.validator) {
    const pkg = require.resolve('@aws/cloudformation-validate/package.json', { paths: [AWS_CDK_LIB] });
    versions.validator = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  }
  return versions.validator;
}

const versions: { validator?: string; awsCdkLib?: string } = {};
let ruleIndex: { rules: { file: string; types: string[] | null }[] } | undefined;

/**
 * The built-in rule files aws-cdk-lib loads into the engine for a set of resource types
 * (cloudformation-validate-plugin.js `loadBuiltinRegoRules`: every rule with no types or with one of them).
 */
export function builtinRules(resourceTypes: ReadonlySet<string>): string {
  ruleIndex ??= JSON.parse(
    fs.readFileSync(path.join(AWS_CDK_LIB, 'core/lib/validation/rules/index.generated.json'), 'utf8'),
  ) as NonNullable<typeof ruleIndex>;
  return ruleIndex.rules
    .filter((r) => r.types === null || r.types.some((t) => resourceTypes.has(t)))
    .map((r) => r.file)
    .sort()
    .join('\n');
}

/** Resource types of CloudFormation templates (JSON), as the plugin collects them. */
function resourceTypes(templates: string[]): Set<string> {
  const types = new Set<string>();
  for (const text of templates) {
    const parsed = JSON.parse(text) as { Resources?: Record<string, { Type?: unknown }> };
    for (const r of Object.values(parsed.Resources ?? {})) if (typeof r?.Type === 'string') types.add(r.Type);
  }
  return types;
}

/** What a report of the built-in validator depends on besides the templates (compliance/validation-cache.ts). */
export function validatorIdentity(templates: string[]): ValidatorIdentity {
  versions.awsCdkLib ??= (
    JSON.parse(fs.readFileSync(path.join(AWS_CDK_LIB, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    awsCdkLib: versions.awsCdkLib,
    validator: validatorVersion(),
    builtinRules: builtinRules(resourceTypes(templates)),
  };
}

/** The plugin's private engine state (aws-cdk-lib 2.276 cloudformation-validate-plugin.js). */
interface PluginEngineState {
  engine?: unknown;
  engineResourceTypes?: ReadonlySet<string>;
  initializeEngine(resourceTypes: ReadonlySet<string>): unknown;
}

/**
 * Makes `plugin` keep its engine across validations whose templates select the same built-in rules, and
 * returns it. The plugin itself re-creates its engine whenever a validation has a resource type the previous
 * engine was not built for, although the engine's configuration depends only on the rules those types
 * select (and on the plugin's props, the same for every validation). The templates are validated one at a
 * time (compliance/validation-cache.ts), so without this nearly every template would build an engine: 13 s of
 * validation for Prod alone instead of 4 s. With one engine for every environment of the app, that is every
 * validation.
 */
export function shareEngine<P extends CloudFormationValidatePlugin>(plugin: P): P {
  const state = plugin as unknown as PluginEngineState;
  const initialize = state.initializeEngine.bind(plugin);
  let engineRules: string | undefined;
  let builds = 0;
  state.initializeEngine = (resourceTypes) => {
    if (state.engine !== undefined && builtinRules(resourceTypes) === engineRules) return state.engine;
    // Otherwise the plugin's own choice: its engine again, or a new one for these types.
    const previous = state.engine;
    const engine = initialize(resourceTypes);
    if (engine !== previous) builds++;
    engineRules = builtinRules(state.engineResourceTypes ?? resourceTypes);
    return engine;
  };
  Object.defineProperty(plugin, 'engineBuilds', { get: () => builds });
  return plugin;
}

/** A `CloudFormationValidatePlugin` with its defaults and a shared engine (`shareEngine`). */
export function sharedEnginePlugin(): CloudFormationValidatePlugin {
  return shareEngine(new CloudFormationValidatePlugin());
}

/** How many engines a plugin passed to `shareEngine()` has built. */
export function engineBuilds(plugin: CloudFormationValidatePlugin): number {
  return (plugin as unknown as { engineBuilds: number }).engineBuilds;
}

const REQUEST = /^request-(.+)\.json$/;
/** The service's process id, in its directory: a child stops waiting when that process is gone. */
export const SERVICE_PID_FILE = 'service.pid';

/**
 * Templates without kept findings from which a second engine is started (it costs 1.5 s of CPU to build; a
 * template takes 0.1-0.3 s to validate). With the example files' 41 templates and no kept findings, the first
 * request starts it, it validates 17-25 of them, and the synth's last 3.5 s no longer run on one core. Cold
 * synths on 2 cores, 3 alternating runs each on a quiet host (medians): 7.51 s -> 6.93 s (8.28 s -> 7.82 s
 * with one child per part, lib/synth.ts `childParts`).
 */
const SECOND_ENGINE_FROM = 8;

/**
 * The parent's side: validates the templates of every child's request with one shared engine, built at the
 * first request that has no kept report, and a second engine in a worker thread once `secondEngineFrom`
 * templates have no kept findings; `stop()` ends polling and frees both.
 */
export class ValidationService {
  private readonly plugin = sharedEnginePlugin();
  private readonly timer: NodeJS.Timeout;
  private helper?: Worker;
  private unkeptSeen = 0;
  /** Seconds spent building the engine and validating (for `npm run bench`). */
  public seconds = 0;
  /** Templates whose kept findings were used instead of validating them (compliance/validation-cache.ts). */
  public keptTemplates = 0;
  /** Templates the second engine validated (reported when it finishes each one). */
  public helperTemplates = 0;

  public constructor(
    public readonly dir: string,
    private readonly secondEngineFrom = SECOND_ENGINE_FROM,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, SERVICE_PID_FILE), String(process.pid));
    this.timer = setInterval(() => this.serveRequests(), 5);
  }

  /** Answers every request waiting in the directory. */
  public serveRequests(): void {
    const requests = fs.readdirSync(this.dir).flatMap((file) => {
      const id = REQUEST.exec(file)?.[1];
      if (!id) return [];
      const requestFile = path.join(this.dir, file);
      const { stackTemplates } = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as ValidationRequest;
      fs.rmSync(requestFile);
      return [{ id, stackTemplates }];
    });
    this.validateAhead(requests.flatMap((r) => r.stackTemplates));
    for (const { id, stackTemplates } of requests) {
      let response: ValidationResponse;
      try {
        const { report, kept } = cachedValidation(validatorIdentity, stackTemplates, (stacks) =>
          this.timed(() =>
            // `validate` reads only `stackTemplates`; the construct tree stays in the child.
            this.plugin.validate({
              stackTemplates: stacks,
              templatePaths: stacks.map((s) => s.templatePath),
            } as never),
          ),
        );
        this.keptTemplates += kept;
        response = { report };
      } catch (e) {
        response = { error: (e as Error).message };
      }
      writeAtomically(path.join(this.dir, `response-${id}.json`), JSON.stringify(response));
    }
  }

  /**
   * Hands the templates of `stacks` without kept findings to the second engine, last first, once enough have
   * come (this call's and earlier ones'); this thread then takes them first to last. Where the two meet, one
   * template may be validated by both.
   */
  public validateAhead(stacks: PolicyValidationStack[]): void {
    const todo = unkept(validatorIdentity, stacks);
    this.unkeptSeen += todo.length;
    if (todo.length === 0 || this.unkeptSeen < this.secondEngineFrom) return;
    this.helper ??= this.startHelper();
    this.helper.postMessage(todo.reverse());
  }

  /** Resolves when the second engine has gone through every template handed to it so far. */
  public helperIdle(): Promise<void> {
    const helper = this.helper;
    if (!helper) return Promise.resolve();
    return new Promise((resolve) => {
      helper.once('message', function idle(m: { idle?: boolean }) {
        if (m.idle) resolve();
        else helper.once('message', idle);
      });
      helper.postMessage('ping');
    });
  }

  private startHelper(): Worker {
    // The worker loads the TypeScript loader itself: under Jest, the process has no `-r` to pass on.
    const helper = new Worker(
      `require(${JSON.stringify(path.join(ROOT, 'scripts', 'ts-register.js'))});` +
        `require(${JSON.stringify(__filename)}).runValidationHelper();`,
      // This process's environment as the code sees it (the report cache's directory, under Jest too).
      { eval: true, env: { ...process.env } },
    );
    helper.on('message', (m: { validated?: number }) => (this.helperTemplates += m.validated ?? 0));
    // A failure there costs only its head start: every template is still validated here if not kept.
    helper.on('error', () => undefined);
    helper.unref();
    return helper;
  }

  public stop(): void {
    clearInterval(this.timer);
    void this.helper?.terminate();
    (this.plugin as unknown as { _dispose(): void })._dispose();
  }

  /** How many engines the service built (one, unless a request selects other built-in rules). */
  public get engineBuilds(): number {
    return engineBuilds(this.plugin);
  }

  private timed<T>(f: () => T): T {
    const started = performance.now();
    try {
      return f();
    } finally {
      this.seconds += (performance.now() - started) / 1000;
    }
  }
}

/**
 * The second engine's thread (`ValidationService.startHelper`): validates each template it is handed unless
 * its findings are kept by then, keeps the findings, and reports each one it validated; answers `'ping'` once
 * the templates handed before it are done.
 */
export function runValidationHelper(): void {
  const plugin = sharedEnginePlugin();
  parentPort!.on('message', (m: PolicyValidationStack[] | 'ping') => {
    if (m === 'ping') {
      parentPort!.postMessage({ idle: true });
      return;
    }
    for (const stack of m) {
      try {
        const { kept } = cachedValidation(validatorIdentity, [stack], (stacks) =>
          plugin.validate({
            stackTemplates: stacks,
            templatePaths: stacks.map((t) => t.templatePath),
          } as never),
        );
        if (kept === 0) parentPort!.postMessage({ validated: 1 });
      } catch {
        // The service validates it and reports the failure to the child.
      }
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The child's side: sends `stackTemplates` to the service in `dir` and blocks until its report arrives
 * (`Atomics.wait` sleeps between checks without spinning a core).
 */
export function requestValidation(
  dir: string,
  stackTemplates: PolicyValidationStack[],
): PolicyValidationPluginReport {
  const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const responseFile = path.join(dir, `response-${id}.json`);
  writeAtomically(
    path.join(dir, `request-${id}.json`),
    JSON.stringify({ stackTemplates } satisfies ValidationRequest),
  );
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + RESPONSE_TIMEOUT_MS;
  const service = Number(fs.readFileSync(path.join(dir, SERVICE_PID_FILE), 'utf8'));
  for (let check = 1; !fs.existsSync(responseFile); check++) {
    // The service runs in the synth's parent process (lib/synth.ts): if it is gone, no answer will come.
    if (check % 100 === 0 && !isAlive(service)) {
      throw new Error(`The synth process ${service} that validates the templates has exited`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The CloudFormation validation service in ${dir} did not answer within ${RESPONSE_TIMEOUT_MS / 1000} s`,
      );
    }
    Atomics.wait(sleeper, 0, 0, 3);
  }
  const response = JSON.parse(fs.readFileSync(responseFile, 'utf8')) as ValidationResponse;
  fs.rmSync(responseFile);
  if ('error' in response) throw new Error(response.error);
  return response.report;
}
