// web-ext ships no types: these are the parts of its API scripts/lint.mjs and
// scripts/package.mjs call, as web-ext 10 documents them
// (https://extensionworkshop.com/documentation/develop/web-ext-command-reference/).
declare module 'web-ext' {
  export interface LintMessage {
    _type?: string;
    code: string;
    message: string;
    file?: string;
    line?: number;
    column?: number;
  }
  export interface LintResult {
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
    summary?: { errors?: number; warnings?: number; notices?: number };
  }
  const webExt: {
    cmd: {
      lint(
        params: {
          sourceDir: string;
          output: 'json' | 'text';
          selfHosted: boolean;
          boring: boolean;
          pretty: boolean;
          warningsAsErrors: boolean;
        },
        options: { shouldExitProgram: boolean },
      ): Promise<LintResult>;
      build(
        params: { sourceDir: string; artifactsDir: string; filename: string; overwriteDest: boolean },
        options: { showReadyMessage: boolean },
      ): Promise<{ extensionPath: string }>;
    };
  };
  export default webExt;
}
