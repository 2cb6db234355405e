"""Several consumers share one queue.

Three consumer threads take items off the same Queue. Bigger items take more
work, and without the handshake the creator does not wait, so the consumers
work at the same time and the results arrive in whatever order they finish.
Each consumer needs its own sentinel.
"""

import threading
import time
from queue import Queue

WORK_PER_UNIT = 0.05  # seconds of work per unit of an item's size


def work_on(data):
    """Stand-in for real work: a bigger item keeps its consumer busy for longer."""
    time.sleep(abs(data) * WORK_PER_UNIT)


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        # no evt.wait(): the creator does not wait for each item


def my_consumer(q):
    """Consume some data and work on it: the work takes longer for bigger items."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        work_on(data)
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = [12, 3, 7, 1, 10, 5, 2, 9, 6, 11, 4, 8]
    thread_one = threading.Thread(target=creator, args=(data, q))
    consumers = [threading.Thread(target=my_consumer, args=(q,)) for _ in range(3)]
    thread_one.start()
    for thread in consumers:
        thread.start()

    thread_one.join()  # the creator has put every item
    q.join()           # every item put on the queue has been marked task_done()
    for thread in consumers:
        q.put(None)    # one sentinel per consumer
    for thread in consumers:
        thread.join()
