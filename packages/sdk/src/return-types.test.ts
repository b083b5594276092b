import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from './operations.js';

// `.withResponse()` is only visible where a method declares what the transport returns: `APIPromise<T>` for one
// answer, `PagePromise<T>` for a list, `Promise<…Stream>` for a streamed answer. A method typed `Promise<T>` still
// works but hides `.withResponse()`; this reads every method's declared type with the compiler and lists those.
describe('the methods of the client', () => {
  it('declare APIPromise, PagePromise or a stream as their result', () => {
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const program = ts.createProgram([index], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      noEmit: true,
      skipLibCheck: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(index);
    const module = source && checker.getSymbolAtLocation(source);
    const kepu = module && checker.getExportsOfModule(module).find((s) => s.name === 'Kepu');
    if (!kepu) throw new Error('Kepu is not exported from src/index.ts');
    const client = checker.getDeclaredTypeOfSymbol(kepu);

    const allowed = (type: ts.Type): boolean => {
      if (type.isUnion()) return type.types.every(allowed);
      const name = type.getSymbol()?.getName();
      if (name === 'APIPromise' || name === 'PagePromise') return true;
      const [inner] = name === 'Promise' ? checker.getTypeArguments(type as ts.TypeReference) : [];
      return !!inner?.getSymbol()?.getName().endsWith('Stream');
    };
    const wrong: string[] = [];
    for (const id of Object.keys(OPERATIONS)) {
      let type: ts.Type | undefined = client;
      for (const part of id.split('.')) {
        const property: ts.Symbol | undefined = type && checker.getPropertyOfType(type, part);
        type = property && checker.getTypeOfSymbol(property);
      }
      const signatures = type?.getCallSignatures() ?? [];
      if (signatures.length === 0) wrong.push(`kepu.${id}: not a method`);
      for (const signature of signatures) {
        const result = signature.getReturnType();
        if (!allowed(result)) wrong.push(`kepu.${id}(): ${checker.typeToString(result)}`);
      }
    }
    expect(wrong, 'declare APIPromise<T> (one answer) or PagePromise<T> (a list) as the return type').toEqual([]);
  }, 60_000);
});
