#!/bin/sh
# Assigns a task to a node of the demo application (./mvnw -pl integration-tests quarkus:dev) through the GraphQL
# API of the embedded rekuest server, as any caller on the platform would, and prints the task's events.
#
#   integration-tests/assign.sh add '{"a": 2, "b": 3}'
#   integration-tests/assign.sh countdown '{"from": 5}'
#   integration-tests/assign.sh divide '{"dividend": 1, "divisor": 0}'
#
# Needs curl. REKUEST_URL (default http://localhost:8000) and REKUEST_TOKEN (default dev-token, the embedded
# server's dev caller) point it elsewhere.
set -eu
node=${1:?usage: $0 <node interface, e.g. add> ['<args as JSON>']}
args=${2:-'{}'}
url=${REKUEST_URL:-http://localhost:8000}
token=${REKUEST_TOKEN:-dev-token}

graphql() {
    curl -sS -X POST "$url/graphql" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1"
}

# the implementation of the node by a connected agent
found=$(graphql "{\"query\":\"{ agents { name connected implementation(interface: \\\"$node\\\") { id } } }\"}")
implementation=$(printf '%s' "$found" | tr -d ' \n' \
    | grep -o '"connected":true,"implementation":{"id":"[^"]*"' | head -n 1 | sed 's/.*"id":"//; s/"$//')
if [ -z "$implementation" ]; then
    echo "No connected agent implements '$node' on $url (is the demo running?): $found" >&2
    exit 1
fi

assigned=$(graphql "{\"query\":\"mutation(\$i: AssignInput!){ assign(input: \$i){ id } }\",\"variables\":{\"i\":{\"implementation\":\"$implementation\",\"args\":$args,\"cached\":false,\"log\":false,\"capture\":false,\"ephemeral\":false}}}")
task=$(printf '%s' "$assigned" | tr -d ' \n' | grep -o '"assign":{"id":"[^"]*"' | sed 's/.*"id":"//; s/"$//')
if [ -z "$task" ]; then
    echo "The server refused the assignment: $assigned" >&2
    exit 1
fi

# wait up to 30 s for the task to finish, then print its events, one per line
query="{\"query\":\"{ task(id: \\\"$task\\\") { isDone events { kind returns message } } }\"}"
i=0
while :; do
    result=$(graphql "$query")
    case $result in *'"isDone":true'*) break ;; esac
    i=$((i + 1))
    if [ $i -ge 300 ]; then
        echo "task $task is still running:" >&2
        break
    fi
    sleep 0.1
done
echo "task $task ($node $args):"
printf '%s\n' "$result" | tr -d '\n' | sed 's/.*"events":\[//; s/\]}}}$//; s/},{/}\n{/g'
echo
