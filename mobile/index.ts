import { registerRootComponent } from 'expo';
import App from './src/ui/App';

registerRootComponent(App);
