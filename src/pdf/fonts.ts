import * as pdfkit from 'pdfkit';

let registered: Promise<void> | null = null;

/**
 * Makes Helvetica and Helvetica-Bold available to pdfkit, once per isolate or process. Node's
 * build of pdfkit reads the standard fonts' metrics from its own files and has nothing to
 * register, so this does nothing there. The browser build, which workerd gets, cannot read files
 * and must be handed them (../shared/PLATFORM.md); they are imported only when that build is the
 * one loaded, so Node never loads them twice. Called before every document, so any entry (the
 * Worker, the workers test project, a script) renders without setting anything up first.
 */
export function ensureStandardFonts(): Promise<void> {
  registered ??= (async () => {
    const register = pdfkit.registerStdFonts;
    if (typeof register !== 'function') return;
    const [helvetica, bold] = await Promise.all([
      import('pdfkit/standard-fonts/Helvetica'),
      import('pdfkit/standard-fonts/HelveticaBold'),
    ]);
    register(helvetica.default, bold.default);
  })().catch((error: unknown) => {
    // Let the next document try again rather than fail for the life of the isolate.
    registered = null;
    throw error;
  });
  return registered;
}
