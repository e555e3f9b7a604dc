fn main() {
    ak_admin::start();
}
