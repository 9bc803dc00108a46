// Counts "what happens on a push": the source files under src/ that the callback's doors reach, and their
// folders. Imports are followed from the entry files the way "go to definition" does: a name imported
// from a barrel (index.ts) leads to the file that defines it, and the barrel itself is not counted.
// Packages outside src/ are not counted. Two counts: code that runs (`import type` and inline `type`
// names skipped) and everything a type reaches too.
//
//   node scripts/count-push-files.mjs [--root DIR] [--list] [ENTRY…]
//
// ENTRY defaults to the doors of today's tree; --root counts another checkout (an older commit).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const DOORS = [
  'src/server/fast-path/callback-lane.ts',
  'src/server/routes/wechat.ts',
  // Before the callback moved into src/callback/, the lane's door was the front door itself.
  'src/server/front-door.ts',
];

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args.splice(at, 2)[1];
};
const list = args.includes('--list') ? args.splice(args.indexOf('--list'), 1) && true : false;
const root = resolve(flag('--root') ?? join(dirname(new URL(import.meta.url).pathname), '..'));
const entries = (args.length > 0 ? args : DOORS).map((path) => join(root, path)).filter((p) => existsSync(p));

const program = ts.createProgram(entries, {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
});
const checker = program.getTypeChecker();
const src = join(root, 'src') + '/';

/** The files that define what `node` (an import or export specifier, or a module name) brings in. */
function definitions(node, sourceFile) {
  const symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return [];
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.declarations ?? []).map((d) => ({
    file: d.getSourceFile(),
    declaration: d,
    from: sourceFile,
  }));
}

const isTypeDeclaration = (d) =>
  ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isTypeParameterDeclaration(d);

/** The files one statement leads to, with or without the names only types use. */
function targets(statement, sourceFile, withTypes) {
  const clause = ts.isImportDeclaration(statement) ? statement.importClause : statement;
  if (!withTypes && clause?.isTypeOnly) return [];
  const found = [];
  const named = ts.isImportDeclaration(statement) ? clause?.namedBindings : statement.exportClause;
  const whole = () => {
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
    const file = module?.declarations?.[0]?.getSourceFile();
    if (file) found.push(file);
  };
  if (!clause || (named && (ts.isNamespaceImport(named) || ts.isNamespaceExport(named)))) whole();
  else if (ts.isExportDeclaration(statement) && !named) whole();
  if (ts.isImportDeclaration(statement) && clause?.name) {
    for (const d of definitions(clause.name, sourceFile)) found.push(d.file);
  }
  if (named && (ts.isNamedImports(named) || ts.isNamedExports(named))) {
    for (const element of named.elements) {
      if (!withTypes && element.isTypeOnly) continue;
      for (const d of definitions(element.name, sourceFile)) {
        if (!withTypes && isTypeDeclaration(d.declaration)) continue;
        found.push(d.file);
      }
    }
  }
  return found;
}

/** A barrel only re-exports: it is passed through, not counted. */
const isBarrel = (file) =>
  file.statements.every((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined);

function reach(withTypes) {
  const seen = new Set();
  const queue = entries.map((path) => program.getSourceFile(path));
  while (queue.length > 0) {
    const file = queue.pop();
    if (!file || seen.has(file.fileName) || !file.fileName.startsWith(src)) continue;
    seen.add(file.fileName);
    for (const statement of file.statements) {
      const moduleLike = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement);
      if (!moduleLike || !statement.moduleSpecifier) continue;
      for (const target of targets(statement, file, withTypes)) {
        if (target.isDeclarationFile && !target.fileName.startsWith(src)) continue;
        queue.push(target);
      }
    }
  }
  return [...seen].filter((path) => !isBarrel(program.getSourceFile(path))).map((p) => relative(root, p));
}

for (const [label, withTypes] of [
  ['code that runs', false],
  ['with types', true],
]) {
  const files = reach(withTypes).sort();
  const folders = new Set(files.map((f) => dirname(f)));
  const areas = new Set(files.map((f) => f.split('/')[1]));
  console.log(
    `${label}: ${files.length} files, ${folders.size} folders, ${areas.size} areas (${[...areas].sort().join(', ')})`,
  );
  if (list) for (const f of files) console.log(`  ${f}`);
  if (list) console.log(`  folders: ${[...folders].sort().join(' ')}`);
}
