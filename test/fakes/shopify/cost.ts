/**
 * Requested query cost, after Shopify's published method
 * (https://shopify.dev/docs/api/usage/rate-limits#cost-calculation): scalars and enums 0, an object
 * 1, a connection 2 plus `first`/`last` times the cost of one node, a mutation 10. Close enough to
 * make a query that asks for too much cost too much; not a byte-exact copy.
 */
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  isObjectType,
  isInterfaceType,
} from "graphql";

function argValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

function isList(t: GraphQLOutputType): boolean {
  const inner = isNonNullType(t) ? t.ofType : t;
  return isListType(inner);
}

export function requestedCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const walk = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
        total += walk(sel.selectionSet, t);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments[sel.name.value];
        if (f) total += walk(f.selectionSet, schema.getType(f.typeCondition.name.value) as GraphQLCompositeType);
        continue;
      }
      if (sel.name.value.startsWith("__")) continue;
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const field = (fields as Record<string, GraphQLField<unknown, unknown>>)[sel.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      const child = walk(sel.selectionSet, named);
      const sizeArg = sel.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
      const size = Number(argValue(sizeArg?.value, variables) ?? 0);
      if (named.name.endsWith("Connection")) total += 2 + Math.max(1, size) * child;
      else if (isList(field.type)) total += Math.max(1, size || 1) * (1 + child);
      else total += 1 + child;
    }
    return total;
  };
  const root = op.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
  const body = walk(op.selectionSet, root);
  return op.operation === "mutation" ? 10 + body : Math.max(1, body);
}
