import remarkParse from 'remark-parse';
import { unified } from 'unified';

const p = unified().use(remarkParse).freeze();
for (const t of [
  'a\n   <!-- surveyor:begin x -->  \nb\n',
  '- item\n\n  <!-- x -->\n',
  '<!-- a --><!-- b -->\n',
  'para <!-- surveyor:begin x --> text\n',
  '<!-- surveyor:begin x\n-->\n',
  '\ttext\n\n    <!-- surveyor:begin x -->\n',
]) {
  const tree = p.parse(t);
  console.log(
    JSON.stringify(
      tree.children.map((c) => [
        c.type,
        c.value ?? c.children?.map((x) => [x.type, x.value]),
        c.position.start.offset,
        c.position.end.offset,
      ]),
    ),
  );
}
