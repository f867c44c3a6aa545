import { Button } from './Button';

/** "Test connection" of a saved warehouse or destination: tests it as it is stored. */
export function TestConnectionButton({
  test,
  id,
}: {
  test: { isPending: boolean; mutate: (id: string) => void };
  id: string;
}) {
  return (
    <Button disabled={test.isPending} onClick={() => test.mutate(id)}>
      {test.isPending ? 'Testing…' : 'Test connection'}
    </Button>
  );
}
