// tests/pssyntax/check.js: parses each .ps1 named on the command line with the tree-sitter PowerShell grammar and reports every ERROR or MISSING node.
//
//   node check.js [--modules DIR] FILE...
//
// DIR is the node_modules folder that holds the pinned tree-sitter packages
// (default: $IVM_PSSYNTAX_MODULES, else node_modules next to this file): run.sh
// installs them in the build tree, which Node would not search from the
// source tree. Exit 0: every file parsed clean; 1: a syntax error; 2: usage
// or a file/package that cannot be read.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

function usage(why) {
	process.stderr.write(`check.js: ${why}\nusage: node check.js [--modules DIR] FILE...\n`);
	process.exit(2);
}

function parseArgs(argv) {
	let modules = process.env.IVM_PSSYNTAX_MODULES || path.join(__dirname, 'node_modules');
	const files = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--modules') {
			if (i + 1 >= argv.length)
				usage('--modules needs a folder');
			modules = argv[++i];
		} else {
			files.push(argv[i]);
		}
	}
	if (files.length === 0)
		usage('no file to check');
	return { modules: path.resolve(modules), files };
}

// tree-sitter is CommonJS; tree-sitter-powershell is an ES module, which
// import() must be given by path because ES resolution ignores NODE_PATH.
async function loadParser(modules) {
	const req = createRequire(path.join(modules, 'ivm-resolve-base.js'));
	let Parser, grammarPath;
	try {
		Parser = req('tree-sitter');
		grammarPath = req.resolve('tree-sitter-powershell');
	} catch (e) {
		process.stderr.write(`check.js: cannot load the tree-sitter packages from ${modules}: ${e.message}\n` +
			'Install them first: tests/pssyntax/run.sh does (npm ci with the pinned package-lock.json).\n');
		process.exit(2);
	}
	const grammar = (await import(pathToFileURL(grammarPath).href)).default;
	const parser = new Parser();
	parser.setLanguage(grammar);
	return parser;
}

// The first line of a node's text, short enough to read in a message.
function excerpt(text) {
	const line = text.split(/\r?\n/, 1)[0];
	if (line === '')
		return 'input here';
	return JSON.stringify(line.length > 40 ? line.slice(0, 40) + '...' : line);
}

// Every ERROR and MISSING node, in document order. Only subtrees that
// hasError can hold one, so clean parts are never walked.
function problems(root) {
	const found = [];
	const stack = [root];
	while (stack.length > 0) {
		const node = stack.pop();
		if (node.isMissing)
			found.push({ pos: node.startPosition, what: `missing ${JSON.stringify(node.type)}` });
		else if (node.isError)
			found.push({ pos: node.startPosition, what: `unexpected ${excerpt(node.text)}` });
		if (!node.hasError)
			continue;
		const kids = node.children;
		for (let i = kids.length - 1; i >= 0; i--)
			stack.push(kids[i]);
	}
	return found;
}

async function main() {
	const { modules, files } = parseArgs(process.argv.slice(2));
	const parser = await loadParser(modules);
	let errors = 0;
	for (const file of files) {
		let text;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch (e) {
			process.stderr.write(`check.js: cannot read ${file}: ${e.message}\n`);
			process.exit(2);
		}
		const tree = parser.parse(text);
		for (const p of problems(tree.rootNode)) {
			// tree-sitter counts rows and columns from 0; editors from 1
			process.stdout.write(`${file}:${p.pos.row + 1}:${p.pos.column + 1}: ERROR ${p.what}\n`);
			errors++;
		}
	}
	process.stdout.write(`${files.length} files, ${errors} errors\n`);
	if (errors > 0)
		process.exit(1);
}

main().catch((e) => {
	process.stderr.write(`check.js: ${e.stack || e}\n`);
	process.exit(2);
});
