// TypeDoc plugin (typedoc.json `plugin`): documents the XML model's fields by the XML they mirror, and prints
// "N documented / M public symbols" after validation.
//
// The XML model's types are read off its descriptions (`element({ unit: attr(str), source: child(diskSource) })`),
// one property per XML attribute or child element, named after it (camelCase; the XML name is passed when it
// differs). Rather than a hand-written sentence on each of their ~9,000 properties, a property whose declaration
// is such a field, and has no doc comment of its own, gets one stating the XML it reads and writes:
// "The `unit` attribute.", "The `<source>` child element.". A hand-written comment always wins. Anything
// else without a comment stays undocumented, and `validation.notDocumented` fails the build on it.
// The same goes for the pieces each document kind repeats: the root description (`secret = element(...)`), its
// document (`secretDocument = defineDocument('secret', secret)`), its type alias (`type Secret =
// XmlType<typeof secret>`, else the description's own comment) and `parseSecretXml` / `buildSecretXml`.

import {
  Application,
  Comment,
  Converter,
  DeclarationReflection,
  ReflectionKind,
  ReflectionType,
  RendererEvent,
} from 'typedoc';
import ts from 'typescript';

const XML_DIR = /[\\/]src[\\/]xml[\\/]/;

/** The sentence for one field call (`attr(str, 'xml')`, `child(el)`, ...) of property `prop`, or undefined. */
function fieldSentence(call, prop) {
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return undefined;
  const fn = call.expression.text;
  const nameArg = fn === 'flag' || fn === 'raw' ? call.arguments[0] : call.arguments[1];
  if (nameArg !== undefined && !ts.isStringLiteral(nameArg)) return undefined;
  const xml = nameArg?.text ?? prop;
  switch (fn) {
    case 'attr':
      return `The \`${xml}\` attribute.`;
    case 'text':
      return "The element's text content.";
    case 'child':
      return `The \`<${xml}>\` child element.`;
    case 'list':
      return `The \`<${xml}>\` child elements, in document order.`;
    case 'leaf':
      return `The text of the \`<${xml}>\` child element.`;
    case 'leaves':
      return `The text of each \`<${xml}>\` child element, in document order.`;
    case 'flag':
      return `Whether the empty \`<${xml}/>\` child element is present.`;
    case 'raw':
      return `The content of the \`<${xml}>\` child element, kept as raw XML nodes.`;
    default:
      return undefined;
  }
}

/** The field call a property assignment's value is, following one `const` (`name: nameField`). */
function fieldCall(init, checker) {
  let node = init;
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) {
    node = node.expression;
  }
  if (ts.isIdentifier(node)) {
    let sym = checker.getSymbolAtLocation(node);
    sym = aliased(checker, sym);
    const decl = sym?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return decl.initializer;
  }
  return node;
}

const text = (sentence) => new Comment([{ kind: 'text', text: sentence }]);

function aliased(checker, symbol) {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** `defineDocument('root', desc, ...)`: the root name and the description's symbol. */
function documentCall(init, checker) {
  if (!init || !ts.isCallExpression(init) || init.expression.getText() !== 'defineDocument') return undefined;
  const [root, desc] = init.arguments;
  if (!root || !ts.isStringLiteral(root) || !desc) return undefined;
  return { root: root.text, desc: aliased(checker, checker.getSymbolAtLocation(desc)) };
}

/** The root element of every document kind, keyed by its description's and its document's symbols. */
function documentRoots(program, checker) {
  const roots = new Map();
  for (const file of program.getSourceFiles()) {
    if (!XML_DIR.test(file.fileName)) continue;
    const visit = (node) => {
      if (ts.isVariableDeclaration(node)) {
        const doc = documentCall(node.initializer, checker);
        if (doc) {
          roots.set(doc.desc, doc.root);
          roots.set(checker.getSymbolAtLocation(node.name), doc.root);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return roots;
}

/** `(xml) => fooDocument.parse(xml)` / `(def) => fooDocument.build(def)`: which one, and the root element. */
function documentMethod(init, checker, roots) {
  if (!init || !ts.isArrowFunction(init) || !ts.isCallExpression(init.body)) return undefined;
  const callee = init.body.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const root = roots.get(aliased(checker, checker.getSymbolAtLocation(callee.expression)));
  return root === undefined ? undefined : { method: callee.name.text, root };
}

const METHOD_SENTENCES = {
  parse: (root) =>
    `Parses libvirt's \`<${root}>\` XML into the typed model; what the model does not type is kept, and ` +
    'written back by the matching build function. Throws an `XmlError` (an `XmlWrongKindError` when the root ' +
    `element is not \`<${root}>\`).`,
  build: (root) =>
    `Writes a typed \`<${root}>\` definition as libvirt XML, with any XML kept by parsing. Throws an ` +
    '`XmlError` naming the path of a value it cannot write.',
};

export function load(app) {
  loadCount(app);
  // Built on first use: the program is only reachable while a source file is being converted.
  let cached;
  const rootsOf = (context) => {
    if (cached?.program !== context.program) {
      cached = { program: context.program, roots: documentRoots(context.program, context.checker) };
    }
    return cached.roots;
  };
  app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (context, signature) => {
    if (signature.hasComment() || signature.parent?.hasComment()) return;
    const decl = context.getSymbolFromReflection(signature.parent)?.declarations?.[0];
    if (!decl || !XML_DIR.test(decl.getSourceFile().fileName) || !ts.isVariableDeclaration(decl)) return;
    const m = documentMethod(decl.initializer, context.checker, rootsOf(context));
    if (m && METHOD_SENTENCES[m.method]) signature.comment = text(METHOD_SENTENCES[m.method](m.root));
  });

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.hasComment()) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const decl = symbol?.declarations?.[0];
    if (!decl || !XML_DIR.test(decl.getSourceFile().fileName)) return;
    const roots = rootsOf(context);
    let sentence;
    if (reflection.kindOf(ReflectionKind.Property) && ts.isPropertyAssignment(decl)) {
      const prop = ts.isIdentifier(decl.name) || ts.isStringLiteral(decl.name) ? decl.name.text : undefined;
      if (prop !== undefined) sentence = fieldSentence(fieldCall(decl.initializer, context.checker), prop);
      if (sentence) reflection.comment = text(sentence);
    } else if (reflection.kindOf(ReflectionKind.Variable) && ts.isVariableDeclaration(decl)) {
      const doc = documentCall(decl.initializer, context.checker);
      const root = roots.get(symbol);
      if (doc) {
        reflection.comment = text(
          `The \`<${doc.root}>\` document kind: its root element's name and description, and its parse, ` +
            'build and listUnknown functions.',
        );
      } else if (root !== undefined) {
        reflection.comment = text(
          `The description of the \`<${root}>\` element, the root of its document: one field per attribute ` +
            'or child element, read and written by the parse and build functions.',
        );
      }
    } else if (reflection.kindOf(ReflectionKind.TypeAlias) && ts.isTypeAliasDeclaration(decl)) {
      // `type X = XmlType<typeof x>`: x's own comment.
      const type = decl.type;
      if (!ts.isTypeReferenceNode(type) || type.typeName.getText() !== 'XmlType') return;
      const arg = type.typeArguments?.[0];
      if (!arg || !ts.isTypeQueryNode(arg)) return;
      const described = aliased(context.checker, context.checker.getSymbolAtLocation(arg.exprName));
      const comment = described && context.getComment(described, ReflectionKind.Variable);
      const root = roots.get(described);
      if (root !== undefined) {
        reflection.comment = text(
          `A \`<${root}>\` XML document in the typed model: what its parse function returns and its build ` +
            'function takes.',
        );
      } else if (comment) reflection.comment = comment.clone();
    }
  });
}

/**
 * The symbols `validation.notDocumented` checks, counted the way it walks them (TypeDoc's validateDocumentation):
 * the kinds of `requiredToBeDocumented`, a function or method by its signatures, nothing inside a parameter.
 */
export function countDocumented(project, requiredKinds) {
  let kinds = requiredKinds.reduce((all, name) => all | ReflectionKind[name], 0);
  if (kinds & ReflectionKind.FunctionOrMethod) {
    kinds = (kinds & ~ReflectionKind.FunctionOrMethod) | ReflectionKind.CallSignature;
  }
  if (kinds & ReflectionKind.Constructor) {
    kinds = (kinds & ~ReflectionKind.Constructor) | ReflectionKind.ConstructorSignature;
  }
  if (kinds & ReflectionKind.Accessor) {
    kinds = (kinds & ~ReflectionKind.Accessor) | ReflectionKind.GetSignature | ReflectionKind.SetSignature;
  }
  const queue = project.getReflectionsByKind(kinds);
  const seen = new Set();
  let total = 0;
  let documented = 0;
  outer: while (queue.length > 0) {
    const ref = queue.shift();
    if (seen.has(ref)) continue;
    seen.add(ref);
    for (let r = ref.parent; r; r = r.parent) if (r.kindOf(ReflectionKind.Parameter)) continue outer;
    if (ref.kindOf(ReflectionKind.TypeLiteral) && ref.parent?.kindOf(ReflectionKind.TypeAlias)) {
      queue.push(ref.parent);
      continue;
    }
    if (ref.kindOf(ReflectionKind.CallSignature) && ref.parent?.kindOf(ReflectionKind.TypeLiteral)) {
      queue.push(ref.parent.parent);
      continue;
    }
    if (ref instanceof DeclarationReflection) {
      const signatures =
        ref.type instanceof ReflectionType
          ? ref.type.declaration.getNonIndexSignatures()
          : ref.getNonIndexSignatures();
      if (signatures.length > 0) {
        queue.push(...signatures);
        if (ref.kindOf(ReflectionKind.SignatureContainer)) continue;
      }
    }
    // Like TypeDoc's check, only what this package declares (a symbol of node_modules is not ours to document).
    if (project.getSymbolIdFromReflection(ref)?.packageName !== project.packageName) continue;
    total++;
    if (ref.hasComment() || (ref.kindOf(ReflectionKind.SomeSignature) && ref.parent?.hasComment()))
      documented++;
  }
  return { documented, total };
}

export function loadCount(app) {
  let counted;
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    counted = countDocumented(project, app.options.getValue('requiredToBeDocumented'));
  });
  // After the site is written: the closing line, with every warning of the run counted.
  app.renderer.on(RendererEvent.END, () => {
    if (!counted) return;
    const { warningCount, errorCount } = app.logger;
    app.logger.info(
      `${warningCount} warnings, ${errorCount} errors, ${counted.documented} documented / ${counted.total} public symbols`,
    );
  });
}
