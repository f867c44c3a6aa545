import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext';

export function useModels() {
  const { call } = useApi();
  return useQuery({ queryKey: ['models'], queryFn: () => call('models.list', {}) });
}
